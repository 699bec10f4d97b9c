// The executive's morning: the sample book's review inbox, one keystroke to
// approve a submitted visit, then its brief exported as a real PDF (the save
// dialog is bypassed through RAPPORT_E2E_EXPORT_DIR) and read back.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appBinary, byId, click, freshDataDir, openApp, screenshot, startDriver, startWithSampleBook, stopDriver, waitFor } from "./driver.mjs";

let driver;
const exportDir = mkdtempSync(join(tmpdir(), "rapport-e2e-export-"));

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  driver = await startDriver({ RAPPORT_DB: join(freshDataDir(), "rapport.db"), RAPPORT_E2E_EXPORT_DIR: exportDir });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

const text = (app, id) => app.execute((sel) => document.querySelector(sel)?.textContent ?? "", byId(id));

test("approve a submitted visit from the review inbox and export its brief", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "cranes over the quay at dawn");

    // The inbox: submitted visits first, the first one selected.
    await click(app, "nav-review");
    await waitFor(app, "review-page");
    await app.waitUntil(async () => (await app.$$(byId("review-item"))).length >= 1, {
      timeout: 15000, timeoutMsg: "nothing in the review inbox",
    });
    const waiting = Number(await text(app, "nav-review-count"));
    assert.ok(waiting >= 1, `the sidebar counts waiting visits (got ${waiting})`);
    const title = (await text(app, "review-title")).trim();
    assert.ok(title.length > 0, "the selected visit is shown");
    await waitFor(app, "brief-preview");
    await screenshot(app, "30-review-inbox");

    // One keystroke approves it.
    await app.keys(["a"]);
    await app.waitUntil(async () => (await text(app, "toast")).includes("Approved"), {
      timeout: 15000, timeoutMsg: "no confirmation that the visit was approved",
    });
    await app.waitUntil(async () => Number((await text(app, "nav-review-count")) || 0) === waiting - 1, {
      timeout: 15000, timeoutMsg: "the waiting count did not go down",
    });

    // Find it among the meetings and open it: approved now.
    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await click(app, "meetings-range-upcoming");
    // The upcoming range loads after the click; on some weekdays the visit lies
    // beyond the first range shown, so wait for it rather than read the old rows.
    await app.waitUntil(
      async () =>
        (await app.execute((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent ?? ""), byId("meeting-row"))).some(
          (t) => t.includes(title),
        ),
      { timeout: 15000, timeoutMsg: `"${title}" is not in the upcoming meetings` },
    );
    const rows = await app.$$(byId("meeting-row"));
    let opened = false;
    for (const row of rows) {
      const rowText = await app.execute((el) => el.textContent, row);
      if (rowText.includes(title)) {
        await (await row.$(byId("meeting-open"))).click();
        opened = true;
        break;
      }
    }
    assert.ok(opened, `"${title}" is not in the meetings list`);
    await waitFor(app, "meeting-page");
    await app.waitUntil(async () => (await text(app, "meeting-state")).trim() === "approved", {
      timeout: 15000, timeoutMsg: "the meeting page does not say approved",
    });
    await click(app, "tab-brief");
    await waitFor(app, "brief-preview");
    assert.equal((await app.$$(byId("brief-draft"))).length, 0, "an approved brief has no DRAFT mark");
    await screenshot(app, "31-meeting-brief-preview");

    // Export the brief: a real PDF lands in the export folder.
    await click(app, "brief-export");
    await app.waitUntil(async () => (await text(app, "toast")).includes("Saved"), {
      timeout: 30000, timeoutMsg: "no confirmation that the brief was saved",
    });
    await screenshot(app, "32-brief-exported");
    const files = readdirSync(exportDir).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 1, `one PDF in ${exportDir}: ${files}`);
    const pdf = join(exportDir, files[0]);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), "%PDF-");
    const firstPage = execFileSync("pdftotext", ["-f", "1", "-l", "1", pdf, "-"]).toString().replace(/\s+/g, " ");
    const words = title.split(/\s+/).slice(0, 3).join(" ");
    assert.ok(firstPage.includes(words), `page 1 of the brief names the visit ("${words}")`);
    assert.ok(firstPage.includes("Three things to know"), "page 1 has the three things to know");

    // The week of visits at a glance (the sample's visits are next week).
    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await screenshot(app, "33-meetings-list");
    await click(app, "meetings-view-week");
    await click(app, "week-next");
    await app.waitUntil(async () => (await app.$$(byId("week-card"))).length >= 5, {
      timeout: 15000, timeoutMsg: "next week's visits are not in the week view",
    });
    await screenshot(app, "34-meetings-week");
  } catch (error) {
    await screenshot(app, "39-meetings-failure");
    throw error;
  } finally {
    await app.deleteSession();
  }
});
