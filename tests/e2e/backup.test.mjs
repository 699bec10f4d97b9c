// Automatic backups on the real window: create a vault, add an account,
// "Back up now" in Settings; then, with the app closed, delete the database;
// start again, restore the latest backup from the first screen, and the
// account is back.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  addAccount, appBinary, byId, click, freshDataDir, openApp, screenshot, showAccounts, startDriver, stopDriver, typeInto,
  waitFor, waitForAccount,
} from "./driver.mjs";

const dataDir = freshDataDir();
const dbPath = join(dataDir, "rapport.db");
const backupDir = join(dataDir, "backups");
// The app's clock, so the backups' names do not depend on today's date.
const clockFile = join(freshDataDir(), "clock");
const passphrase = "lanterns along the breakwater";
let driver;

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  writeFileSync(clockFile, "2026-12-07T09:30:00Z");
  driver = await startDriver({ RAPPORT_DB: dbPath, RAPPORT_E2E_CLOCK: clockFile });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

const backupNames = () => (existsSync(backupDir) ? readdirSync(backupDir).filter((n) => n.endsWith(".db")).sort() : []);

test("back up now, delete the vault, restore the latest backup from the first screen", async () => {
  let app = await openApp();
  try {
    await waitFor(app, "create-vault");
    await click(app, "mode-passphrase");
    await typeInto(app, "passphrase-input", passphrase);
    await typeInto(app, "passphrase-confirm-input", passphrase);
    await click(app, "create-vault-submit");
    await waitFor(app, "recovery-key");
    await click(app, "recovery-key-ack");
    await click(app, "recovery-key-continue");
    await waitFor(app, "today-page");
    await showAccounts(app);
    await addAccount(app, "Meridian Shipyards");
    await waitForAccount(app, "Meridian Shipyards");

    // A minute later, "Back up now" in Settings.
    writeFileSync(clockFile, "2026-12-07T09:31:00Z");
    await click(app, "nav-settings");
    await waitFor(app, "backup-panel");
    await click(app, "backup-now");
    const status = await waitFor(app, "backup-now-status");
    await app.waitUntil(async () => (await status.getText()).includes("rapport-2026-12-07T093100Z-manual.db"), {
      timeout: 20000, timeoutMsg: "Back up now gave no feedback",
    });
    const last = await waitFor(app, "backup-last");
    await app.waitUntil(async () => (await last.getText()).includes("Backed up by you"), {
      timeout: 10000, timeoutMsg: "the last backup shown is not the one just taken",
    });
    await screenshot(app, "backup-01-backed-up");
  } finally {
    await app.deleteSession();
  }

  // The daily backup at unlock (of the empty vault) and the one asked for.
  assert.deepEqual(backupNames(), [
    "rapport-2026-12-07T093000Z-daily.db",
    "rapport-2026-12-07T093100Z-manual.db",
  ]);
  const backup = readFileSync(join(backupDir, "rapport-2026-12-07T093100Z-manual.db"));
  assert.notEqual(backup.subarray(0, 15).toString("latin1"), "SQLite format 3");
  assert.equal(backup.includes(Buffer.from("Meridian Shipyards")), false, "the backup is encrypted");

  // The database is deleted while the app is closed.
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(file, { force: true });
  writeFileSync(clockFile, "2026-12-07T10:00:00Z");

  app = await openApp();
  try {
    // The header is still there: the vault is damaged. Depending on when
    // that is noticed, the first screen is the restore offer, or the unlock
    // screen, whose attempt then reports the damage.
    await app.waitUntil(
      async () => (await app.$(byId("restore-screen")).isExisting()) || (await app.$(byId("unlock-screen")).isExisting()),
      { timeout: 20000, timeoutMsg: "neither the restore offer nor the unlock screen appeared" },
    );
    if (await app.$(byId("unlock-screen")).isExisting()) {
      await typeInto(app, "unlock-secret-input", passphrase);
      await click(app, "unlock-submit");
    }
    await waitFor(app, "restore-screen");
    const options = await app.$$(byId("restore-option"));
    assert.equal(options.length, 2);
    assert.match(await options[0].getText(), /Backed up by you/);
    await screenshot(app, "backup-02-restore-offer");

    // The newest is chosen; a passphrase vault's key is not in the keychain.
    await click(app, "restore-submit");
    await waitFor(app, "restore-secret-input");
    await typeInto(app, "restore-secret-input", passphrase);
    await click(app, "restore-submit");

    await waitFor(app, "app-frame", 30000);
    await showAccounts(app);
    await waitForAccount(app, "Meridian Shipyards", "the restored book does not have the account");
    await screenshot(app, "backup-03-restored");
  } finally {
    await app.deleteSession();
  }
  // What was left of the damaged vault is kept aside, not deleted.
  assert.ok(readdirSync(dataDir).some((n) => n.startsWith("rapport.db.before-restore-")), readdirSync(dataDir).join(", "));
});
