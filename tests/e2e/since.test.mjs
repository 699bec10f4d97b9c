// "Since your last visit", in the real window: a title changed at the next
// visit's account (Nordhavn Energy) is the first thing the CEO's brief tells,
// counted from the end of the sample's earlier visit there. The brief is
// exported as a real PDF (the save dialog is bypassed through
// RAPPORT_E2E_EXPORT_DIR); the clock is pinned (RAPPORT_E2E_CLOCK) so the
// sample week falls the same way every run.
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
const rowWith = async (app, id, words) => {
  for (const row of await app.$$(byId(id))) {
    if ((await app.execute((el) => el.textContent ?? "", row)).includes(words)) return row;
  }
  throw new Error(`no ${id} with "${words}"`);
};

const VISIT = "Substation monitoring";
const NEW_TITLE = "Director of Grid Operations";

test("a title changed in the app opens the next visit's brief, since the last visit", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "lanterns along the fjord");

    // Lars Eide, at Nordhavn Energy, has a new title.
    await click(app, "nav-accounts");
    await until(app, async () => (await texts(app, "account-row")).some((t) => t.includes("Nordhavn Energy")), "no Nordhavn row");
    const account = await rowWith(app, "account-row", "Nordhavn Energy");
    const cell = await account.$("td");
    await ((await cell.isExisting()) ? cell : account).click();
    await waitFor(app, "account-page");
    await click(app, "tab-people");
    await until(app, async () => (await texts(app, "their-person-row")).some((t) => t.includes("Lars Eide")), "no Lars Eide");
    await (await (await rowWith(app, "their-person-row", "Lars Eide")).$(byId("person-edit"))).click();
    await waitFor(app, "person-form");
    await typeInto(app, "person-title-input", NEW_TITLE);
    await click(app, "person-submit");
    await until(
      app,
      async () => (await texts(app, "their-person-row")).some((t) => t.includes("Lars Eide") && t.includes(NEW_TITLE)),
      "the new title is not saved",
    );

    // The next visit's brief, with its default: since the last visit.
    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await click(app, "meetings-range-upcoming");
    await until(app, async () => (await texts(app, "meeting-row")).some((t) => t.includes(VISIT)), `"${VISIT}" is not upcoming`);
    await (await (await rowWith(app, "meeting-row", VISIT)).$(byId("meeting-open"))).click();
    await waitFor(app, "meeting-page");
    await screenshot(app, "80-since-the-next-visit");
    await click(app, "brief-export");
    await until(app, async () => (await text(app, "toast")).includes("Saved"), "no confirmation that the brief was saved", 30000);
    const files = readdirSync(exportDir).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 1, `one PDF in ${exportDir}: ${files}`);
    const pageOne = execFileSync("pdftotext", ["-f", "1", "-l", "1", join(exportDir, files[0]), "-"]).toString().replace(/\s+/g, " ");
    assert.ok(pageOne.includes("Since your last visit"), `page one has no "Since your last visit": ${pageOne}`);
    assert.ok(
      pageOne.includes(`Lars Eide's title changed from Head of Grid Maintenance to ${NEW_TITLE}`),
      `page one does not tell the title change: ${pageOne}`,
    );
  } finally {
    await app.deleteSession();
  }
});
