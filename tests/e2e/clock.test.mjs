// The app counts days on its own clock, never on the machine's or the
// webview's: run with the clock years before and years after today's date,
// record feedback on the day the form offers, and see the core take it.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { appBinary, byId, click, freshDataDir, openApp, screenshot, startDriver, startWithSampleBook, stopDriver, typeInto, waitFor } from "./driver.mjs";

const texts = (app, id) => app.execute((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent ?? ""), byId(id));

for (const [label, now, day] of [
  ["years before", "2019-03-10T10:00:00Z", "2019-03-10"],
  ["years after", "2041-09-20T10:00:00Z", "2041-09-20"],
]) {
  test(`with the app's clock ${label} the machine's date, forms offer the app's day and the core takes it`, async () => {
    assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
    const clockFile = join(mkdtempSync(join(tmpdir(), "rapport-clock-")), "now");
    writeFileSync(clockFile, now);
    const driver = await startDriver({ RAPPORT_DB: join(freshDataDir(), "rapport.db"), RAPPORT_E2E_CLOCK: clockFile });
    const app = await openApp();
    try {
      await startWithSampleBook(app, "clock on the harbour wall");
      // A cell, not the row: WebKitWebDriver finds a table row itself not interactable.
      await (await (await app.$(byId("account-row"))).$("td")).click();
      await waitFor(app, "account-page");
      await app.keys(["Control", "9"]);
      await click(app, "feedback-new");
      await waitFor(app, "feedback-form");
      const date = await app.$(byId("feedback-field-received_on"));
      assert.equal(await date.getValue(), day, "the feedback form offered another day than the app's");
      const person = await app.$(byId("feedback-field-person_id"));
      await person.selectByIndex(1);
      const said = `Said on the app's day, ${label}`;
      await typeInto(app, "feedback-field-text", said);
      await click(app, "feedback-save");
      await app.waitUntil(async () => (await texts(app, "feedback-row")).some((t) => t.includes(said)), {
        timeout: 15000,
        timeoutMsg: `the feedback was not saved (${(await texts(app, "feedback-form")).join(" ")})`,
      });
      await screenshot(app, `60-clock-${day}`);
    } finally {
      await app.deleteSession();
      await stopDriver(driver);
    }
  });
}
