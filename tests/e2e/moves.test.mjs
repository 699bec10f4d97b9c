// Issue 17, people who move, in the real window: Dana Whitfield leaves
// Halvorsen Marine for Nordhavn Grid. She is listed there with where she was
// before, and Halvorsen lists her as Former with where she went.
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

/** Opens the account whose row shows `name`, on its People tab. */
async function openAccount(app, name) {
  await showAccounts(app);
  await waitForAccount(app, name);
  await app.execute(
    (selector, wanted) => {
      const row = [...document.querySelectorAll(selector)].find((r) => (r.textContent ?? "").includes(wanted));
      row?.querySelector("td")?.click();
    },
    byId("account-row"),
    name,
  );
  await app.waitUntil(async () => (await (await waitFor(app, "account-title")).getText()).includes(name), {
    timeout: 15000, timeoutMsg: `the page of ${name} did not open`,
  });
  await click(app, "tab-people");
}

/** The text of every element with the test id (textContent: WebKitWebDriver drops some cell text). */
async function texts(app, id) {
  return app.execute((selector) => [...document.querySelectorAll(selector)].map((el) => el.textContent ?? ""), byId(id));
}

test("a person who moved shows on the new account, and as Former on the old one", async () => {
  const app = await openApp();
  try {
    await waitFor(app, "create-vault");
    await click(app, "mode-passphrase");
    await typeInto(app, "passphrase-input", "a long walk to the harbour");
    await typeInto(app, "passphrase-confirm-input", "a long walk to the harbour");
    await click(app, "create-vault-submit");
    await waitFor(app, "recovery-key");
    await click(app, "recovery-key-ack");
    await click(app, "recovery-key-continue");
    await waitFor(app, "app-frame");
    await showAccounts(app);
    await waitFor(app, "sample-offer");
    await addAccount(app, "Nordhavn Grid");
    await waitForAccount(app, "Nordhavn Grid");
    await app.keys(["Escape"]);
    await addAccount(app, "Halvorsen Marine");
    await waitForAccount(app, "Halvorsen Marine");
    await app.keys(["Escape"]);

    await openAccount(app, "Halvorsen Marine");
    await click(app, "add-their-person");
    await waitFor(app, "person-form");
    await typeInto(app, "person-name-input", "Dana Whitfield");
    await typeInto(app, "person-title-input", "COO");
    await typeInto(app, "person-level-input", "2");
    await click(app, "person-submit");
    await app.waitUntil(async () => (await app.$$(byId("their-person-row"))).length === 1, {
      timeout: 15000, timeoutMsg: "Dana was not added",
    });

    await click(app, "person-move");
    await waitFor(app, "move-form");
    const to = await app.$(byId("move-to-select"));
    await app.waitUntil(async () => (await to.getText()).includes("Nordhavn Grid"), {
      timeout: 15000, timeoutMsg: "the move dialog does not offer Nordhavn Grid",
    });
    await to.selectByVisibleText("Nordhavn Grid");
    await typeInto(app, "move-title-input", "CFO");
    await screenshot(app, "60-move-dialog");
    await click(app, "move-submit");

    // Gone from Halvorsen's people, listed as Former with where she went.
    await app.waitUntil(async () => (await app.$$(byId("their-person-row"))).length === 0, {
      timeout: 15000, timeoutMsg: "Dana is still listed at Halvorsen",
    });
    await waitFor(app, "former-person");
    const former = (await texts(app, "former-person")).join(" ");
    assert.match(former, /Dana Whitfield/);
    assert.match(former, /COO at Halvorsen Marine until/);
    assert.match(former, /now CFO at Nordhavn Grid/);
    await screenshot(app, "61-former-at-halvorsen");

    // On Nordhavn: her row, with where she was before.
    await openAccount(app, "Nordhavn Grid");
    await app.waitUntil(async () => (await texts(app, "their-person-row")).some((t) => t.includes("Dana Whitfield")), {
      timeout: 15000, timeoutMsg: "Dana is not listed at Nordhavn Grid",
    });
    const row = (await texts(app, "their-person-row")).join(" ");
    assert.match(row, /CFO/);
    assert.match((await texts(app, "person-came-from")).join(" "), /Before: COO at Halvorsen Marine until/);
    await screenshot(app, "62-dana-at-nordhavn");
  } catch (error) {
    await screenshot(app, "69-moves-failure");
    throw error;
  } finally {
    await app.deleteSession();
  }
});
