// Issue 3 end to end, in the real window: create an account, add people on
// both sides, connect them, and see the key-person warning on the account
// page; then find the person with the global search and look at the map.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  addAccount, appBinary, byId, click, freshDataDir, openApp, screenshot, showAccounts, startDriver, stopDriver, typeInto,
  waitFor, waitForAccount,
} from "./driver.mjs";

const dataDir = freshDataDir();
let driver;

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  driver = await startDriver({ RAPPORT_DB: join(dataDir, "rapport.db") });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

async function select(app, id, index) {
  const el = await app.$(byId(id));
  await el.waitForDisplayed({ timeout: 15000 });
  await el.selectByIndex(index);
}

test("a tie held only by our CEO shows a key-person warning on the account page", async () => {
  const app = await openApp();
  try {
    await waitFor(app, "create-vault");
    await click(app, "mode-passphrase");
    await typeInto(app, "passphrase-input", "north sea ferry timetable");
    await typeInto(app, "passphrase-confirm-input", "north sea ferry timetable");
    await click(app, "create-vault-submit");
    await waitFor(app, "recovery-key");
    await click(app, "recovery-key-ack");
    await click(app, "recovery-key-continue");
    await waitFor(app, "app-frame");
    await waitFor(app, "today-page");
    await showAccounts(app);
    await waitFor(app, "sample-offer");
    await screenshot(app, "10-empty-book");

    await addAccount(app, "Harbourline Ferries");
    await waitForAccount(app, "Harbourline Ferries");
    const flags = await app.$(`${byId("account-row")} ${byId("no-owner-flag")}`);
    await flags.waitForDisplayed({ timeout: 15000 });
    await app.keys(["Escape"]);
    await (await app.$(`${byId("account-row")} td`)).click();

    await waitFor(app, "account-page");
    assert.match(await (await waitFor(app, "account-title")).getText(), /Harbourline Ferries/);
    await waitFor(app, "ownership-warning");

    await click(app, "tab-people");
    await click(app, "add-their-person");
    await waitFor(app, "person-form");
    await typeInto(app, "person-name-input", "Okonkwo Adeyemi");
    await typeInto(app, "person-level-input", "1");
    await click(app, "person-submit");
    await app.waitUntil(async () => (await app.$$(byId("their-person-row"))).length === 1, {
      timeout: 15000, timeoutMsg: "their person was not added",
    });

    await click(app, "add-our-person");
    await waitFor(app, "person-form");
    await typeInto(app, "person-name-input", "Marta Lindqvist");
    await select(app, "person-function-select", 1); // executive (0 is "Choose…")
    await typeInto(app, "person-level-input", "1");
    await click(app, "person-submit");

    // Adding one of ours opens the tie form with them chosen.
    await waitFor(app, "connection-form");
    await select(app, "connection-theirs-select", 1);
    await click(app, "connection-dimension-personal");
    // The strength radios are drawn as a segmented control: click the segment.
    await (await app.$(byId("connection-strength-5")).parentElement()).click();
    await click(app, "connection-submit");
    await app.waitUntil(async () => (await app.$$(byId("connection-row"))).length === 1, {
      timeout: 15000, timeoutMsg: "the connection was not added",
    });
    await screenshot(app, "11-people-and-ties");

    await click(app, "tab-overview");
    const finding = await app.$(`${byId("finding")}[data-kind="key_person"]`);
    await finding.waitForDisplayed({ timeout: 15000, timeoutMsg: "no key-person finding on the account page" });
    assert.match(await finding.getText(), /Marta Lindqvist/);
    await screenshot(app, "12-key-person-warning");

    await click(app, "tab-map");
    await app.waitUntil(async () => (await app.$$(byId("map-tie"))).length === 1, {
      timeout: 15000, timeoutMsg: "the map shows no tie",
    });
    await screenshot(app, "13-relationship-map");

    // The global search finds their person and opens the account.
    await click(app, "back-button");
    await typeInto(app, "search-input", "okonk");
    const hit = await waitFor(app, "search-hit");
    assert.match(await app.execute((el) => el.textContent, hit), /Okonkwo Adeyemi/);
    await app.keys(["Enter"]);
    await waitFor(app, "account-page");
  } catch (error) {
    await screenshot(app, "19-relationships-failure");
    throw error;
  } finally {
    await app.deleteSession();
  }
});
