// The first slice end to end, on the real window: create a vault, add an
// account, quit, start again, unlock, and the account is there.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  addAccount, appBinary, click, freshDataDir, openApp, screenshot, showAccounts, startDriver, stopDriver, typeInto, waitFor,
  waitForAccount,
} from "./driver.mjs";

const dataDir = freshDataDir();
const dbPath = join(dataDir, "rapport.db");
let driver;

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  driver = await startDriver({ RAPPORT_DB: dbPath });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

test("passphrase vault: create, add an account, restart, unlock, see it", async () => {
  let app = await openApp();
  try {
    await waitFor(app, "create-vault");
    await screenshot(app, "01-create-vault");
    await click(app, "mode-passphrase");
    await typeInto(app, "passphrase-input", "salt wind over the quay");
    await typeInto(app, "passphrase-confirm-input", "salt wind over the quay");
    await click(app, "create-vault-submit");

    const key = await waitFor(app, "recovery-key");
    const recovery = (await key.getText()).trim();
    assert.match(recovery, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/);
    await screenshot(app, "02-recovery-key");
    await click(app, "recovery-key-ack");
    await click(app, "recovery-key-continue");

    await waitFor(app, "app-frame");
    await waitFor(app, "today-page");
    await showAccounts(app);
    await addAccount(app, "Tessellate Robotics");
    await waitForAccount(app, "Tessellate Robotics", "the new account did not appear in the list");
    await screenshot(app, "03-account-added");
  } finally {
    await app.deleteSession();
  }

  // Nothing readable on disk.
  const bytes = readFileSync(dbPath);
  assert.notEqual(bytes.subarray(0, 15).toString("latin1"), "SQLite format 3");
  assert.equal(bytes.includes(Buffer.from("Tessellate Robotics")), false);

  app = await openApp();
  try {
    await waitFor(app, "unlock-screen");
    await typeInto(app, "unlock-secret-input", "salt wind over the harbour");
    await click(app, "unlock-submit");
    const error = await waitFor(app, "unlock-error");
    assert.match(await error.getText(), /does not open/);
    await screenshot(app, "04-wrong-passphrase");

    await typeInto(app, "unlock-secret-input", "salt wind over the quay");
    await click(app, "unlock-submit");
    await waitFor(app, "app-frame");
    await waitFor(app, "today-page");
    await showAccounts(app);
    await waitForAccount(app, "Tessellate Robotics", "the account was not there after the restart");
    await screenshot(app, "05-after-restart");
  } finally {
    await app.deleteSession();
  }
});
