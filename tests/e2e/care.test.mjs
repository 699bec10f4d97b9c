// Feedback in the real window, on the app's own clock: record what a customer
// said, defer it to a date, move the clock (RAPPORT_E2E_CLOCK) past that date
// and see it come back on Today; open it from there and mark it thanked.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appBinary, byId, click, freshDataDir, openApp, screenshot, startDriver, startWithSampleBook, stopDriver, typeInto, waitFor } from "./driver.mjs";

const clockFile = join(mkdtempSync(join(tmpdir(), "rapport-clock-")), "now");
const setClock = (iso) => writeFileSync(clockFile, iso);
let driver;

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  setClock("2026-11-23T09:00:00Z");
  driver = await startDriver({ RAPPORT_DB: join(freshDataDir(), "rapport.db"), RAPPORT_E2E_CLOCK: clockFile });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

const until = (app, check, timeoutMsg, timeout = 15000) => app.waitUntil(check, { timeout, timeoutMsg });
const texts = (app, id) => app.execute((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent ?? ""), byId(id));
/** Types into whatever has the focus (WebKit date fields take MM-DD-YYYY this way). */
async function type(app, value) {
  const el = await app.getActiveElement();
  await app.elementSendKeys(el["element-6066-11e4-a52e-4f735466cecf"] ?? el.ELEMENT, value);
}
/** Clicks the first element with the test id whose text includes `words`. */
async function clickText(app, id, words) {
  await until(app, async () => (await texts(app, id)).some((t) => t.includes(words)), `no ${id} shows "${words}"`);
  for (const el of await app.$$(byId(id))) {
    if ((await app.execute((e) => e.textContent ?? "", el)).includes(words)) {
      const cell = await el.$("td");
      await ((await cell.isExisting()) ? cell : el).click();
      return;
    }
  }
}

const SAID = "Every invoice should quote our cost centre";

test("deferred feedback comes back on Today when its day comes, and is thanked from there", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "herons along the canal");

    // Aldergrove Foods: record what their person told us.
    await click(app, "nav-accounts");
    await clickText(app, "account-row", "Aldergrove Foods");
    await waitFor(app, "account-page");
    await app.keys(["Control", "9"]);
    await click(app, "feedback-new");
    await waitFor(app, "feedback-form");
    const person = await app.$(byId("feedback-field-person_id"));
    await person.selectByIndex(1);
    await typeInto(app, "feedback-field-text", `${SAID}, or our accounts team sends it back.`);
    await click(app, "feedback-save");
    await clickText(app, "feedback-row", SAID);
    await waitFor(app, "feedback-detail");

    // Defer it to 1 December.
    await click(app, "feedback-action-defer");
    await click(app, "feedback-defer-date");
    await type(app, "12-01-2026");
    await click(app, "feedback-step-send");
    await until(
      app,
      async () => (await texts(app, "feedback-state")).some((t) => /deferred/i.test(t)),
      "the feedback did not become deferred",
    );
    await screenshot(app, "50-care-deferred");

    // Today, 23 November: it is not back yet.
    await click(app, "nav-today");
    await waitFor(app, "today-section-feedback");
    assert.ok(!(await texts(app, "today-item")).some((t) => t.includes(SAID)), "deferred feedback showed before its day");

    // 2 December: it is back, due for another look (and for thanks).
    setClock("2026-12-02T09:00:00Z");
    await click(app, "nav-accounts");
    await click(app, "nav-today");
    await until(
      app,
      async () => (await texts(app, "today-item")).some((t) => t.includes(SAID) && t.includes("again")),
      "the deferred feedback did not come back on Today",
    );
    await screenshot(app, "51-care-today-back");

    // Open it from Today and thank them with a note.
    await clickText(app, "today-item", SAID);
    await waitFor(app, "feedback-detail");
    await click(app, "feedback-thank-how-note");
    await click(app, "feedback-thank-save");
    await waitFor(app, "feedback-thanked");
    await screenshot(app, "52-care-thanked");

    // Back on Today it is still there to reconsider, no longer to thank.
    await click(app, "nav-today");
    await until(
      app,
      async () => {
        const item = (await texts(app, "today-item")).find((t) => t.includes(SAID));
        return item !== undefined && !/thank/i.test(item);
      },
      "Today still asks to thank feedback that was thanked",
    );
  } finally {
    await app.deleteSession();
  }
});
