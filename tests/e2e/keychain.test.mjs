// Keychain mode on the real window with the real Secret Service (gnome-keyring
// under dbus-run-session, started by scripts/test.sh): the second start
// unlocks silently.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  addAccount, byId, click, freshDataDir, openApp, screenshot, showAccounts, startDriver, stopDriver, waitFor, waitForAccount,
} from "./driver.mjs";

const dataDir = freshDataDir();
let driver;

before(async () => {
  driver = await startDriver({ RAPPORT_DB: join(dataDir, "rapport.db") });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

test("keychain vault: restart unlocks without typing", { skip: process.env.RAPPORT_TEST_SECRET_SERVICE !== "1" }, async () => {
  let app = await openApp();
  try {
    await waitFor(app, "create-vault");
    const keychainMode = await app.$(byId("mode-keychain"));
    assert.equal(await keychainMode.isSelected(), true, "keychain mode should be the default when a keychain exists");
    await click(app, "create-vault-submit");
    await waitFor(app, "recovery-key");
    await click(app, "recovery-key-ack");
    await click(app, "recovery-key-continue");
    await waitFor(app, "app-frame");
    await waitFor(app, "today-page");
    await showAccounts(app);
    await addAccount(app, "Lanternfish Media");
    await waitForAccount(app, "Lanternfish Media");
  } finally {
    await app.deleteSession();
  }

  app = await openApp();
  try {
    await waitFor(app, "app-frame");
    await waitFor(app, "today-page");
    await showAccounts(app);
    await waitForAccount(app, "Lanternfish Media", "the keychain start did not show the account");
    assert.match(await (await app.$(byId("vault-status"))).getText(), /SQLCipher/);
    await screenshot(app, "06-keychain-restart");
    // Lock returns to the unlock screen.
    await click(app, "lock-button");
    await waitFor(app, "unlock-screen");
  } finally {
    await app.deleteSession();
  }
});
