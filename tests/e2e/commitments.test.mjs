// A promise made in a meeting, in the real window: recorded in the meeting's
// follow-up in one line, found in the internal brief exported for the account (the save
// dialog is bypassed through RAPPORT_E2E_EXPORT_DIR) and on Today for the one
// of ours who made it (the sample's user, Helena Marsh). The clock is pinned
// (RAPPORT_E2E_CLOCK) so the sample week falls the same way every run.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appBinary, byId, click, freshDataDir, openApp, screenshot, startDriver, startWithSampleBook, stopDriver, typeInto, waitFor } from "./driver.mjs";

const clockFile = join(mkdtempSync(join(tmpdir(), "rapport-clock-")), "now");
const exportDir = mkdtempSync(join(tmpdir(), "rapport-e2e-export-"));
let driver;

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  writeFileSync(clockFile, "2026-11-23T09:00:00Z");
  driver = await startDriver({
    RAPPORT_DB: join(freshDataDir(), "rapport.db"),
    RAPPORT_E2E_CLOCK: clockFile,
    RAPPORT_E2E_EXPORT_DIR: exportDir,
  });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

const until = (app, check, timeoutMsg, timeout = 15000) => app.waitUntil(check, { timeout, timeoutMsg });
const texts = (app, id) => app.execute((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent ?? ""), byId(id));
const text = (app, id) => app.execute((sel) => document.querySelector(sel)?.textContent ?? "", byId(id));

const VISIT = "Substation monitoring";
const PROMISE = "Send Eirik the winter outage plan in writing";
const CALL_PROMISE = "Book the depot visit for their field crews";

test("a promise recorded in a meeting's follow-up is in the account's brief and on Today", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "lanterns along the fjord");

    // The next visit: Nordhavn Energy, among the upcoming meetings.
    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await click(app, "meetings-range-upcoming");
    await until(app, async () => (await texts(app, "meeting-row")).some((t) => t.includes(VISIT)), `"${VISIT}" is not upcoming`);
    for (const row of await app.$$(byId("meeting-row"))) {
      if ((await app.execute((el) => el.textContent ?? "", row)).includes(VISIT)) {
        await (await row.$(byId("meeting-open"))).click();
        break;
      }
    }
    await waitFor(app, "meeting-page");
    await waitFor(app, "commitments-panel");
    // The sample has an open promise of ours at this account, made before the visit.
    assert.ok(!(await texts(app, "commitment-sentence")).some((t) => t.includes(PROMISE)), "the promise is there already");

    // One line: We · Helena Marsh promised · them · what · Add.
    await (await app.$(byId("commitment-by"))).selectByVisibleText("Helena Marsh");
    await typeInto(app, "commitment-what", PROMISE);
    await click(app, "commitment-add");
    await until(
      app,
      async () => (await texts(app, "commitment-sentence")).some((t) => t.includes(`Helena Marsh promised: ${PROMISE}`)),
      "the promise did not show in the meeting's follow-up",
    );
    await until(app, async () => (await (await app.$(byId("commitment-what"))).getValue()) === "", "the line is not cleared for the next one");
    await screenshot(app, "70-commitment-recorded");

    // The internal brief for the account carries it (an internal copy keeps promises, and says whose it is).
    await (await app.$(byId("brief-audience"))).selectByAttribute("value", "internal");
    await click(app, "brief-export");
    await until(app, async () => (await text(app, "toast")).includes("Saved"), "no confirmation that the brief was saved", 30000);
    const files = readdirSync(exportDir).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 1, `one PDF in ${exportDir}: ${files}`);
    const pdfText = execFileSync("pdftotext", [join(exportDir, files[0]), "-"]).toString().replace(/\s+/g, " ");
    assert.ok(pdfText.includes("Internal — not for the customer"), "the brief is the internal copy");
    assert.ok(pdfText.includes("What was promised"), "the brief has the promises section");
    assert.ok(pdfText.includes(PROMISE), `the brief lists "${PROMISE}"`);

    // Today, for Helena: hers to keep.
    await click(app, "nav-today");
    await waitFor(app, "today-section-promises");
    await until(
      app,
      async () => (await texts(app, "today-item")).some((t) => t.includes(PROMISE)),
      "the promise is not on Today",
    );
    await screenshot(app, "71-commitment-on-today");

    // Under an interaction: logged with the call, one line, then listed at the account.
    await click(app, "nav-accounts");
    await until(app, async () => (await texts(app, "account-row")).some((t) => t.includes("Nordhavn Energy")), "no Nordhavn row");
    for (const row of await app.$$(byId("account-row"))) {
      if ((await app.execute((el) => el.textContent ?? "", row)).includes("Nordhavn Energy")) {
        const cell = await row.$("td");
        await ((await cell.isExisting()) ? cell : row).click();
        break;
      }
    }
    await waitFor(app, "account-page");
    await click(app, "tab-interactions");
    await click(app, "add-interaction");
    await waitFor(app, "interaction-form");
    await typeInto(app, "interaction-summary-input", "Call with Hanne about the phase-two budget");
    await click(app, "promise-draft-add");
    await typeInto(app, "promise-draft-what", CALL_PROMISE);
    await screenshot(app, "72-commitment-under-an-interaction");
    await click(app, "interaction-submit");
    await until(
      app,
      async () => (await texts(app, "commitment-sentence")).some((t) => t.includes(`We promised: ${CALL_PROMISE}`)),
      "the promise typed under the interaction is not listed at the account",
    );
    await screenshot(app, "73-commitments-at-the-account");
  } finally {
    await app.deleteSession();
  }
});
