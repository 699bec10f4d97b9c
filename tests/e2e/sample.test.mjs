// First run with the sample book: the empty book offers it, it loads, the
// list shows every kind of flag, and a busy account's map and org chart open.
import assert from "node:assert/strict";
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

test("the sample book loads on first run and shows its flags, map and org chart", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "gulls over the breakwater");
    const flags = await app.execute(() =>
      [...document.querySelectorAll('[data-testid="account-row"]')].map((row) => row.textContent).join(" "),
    );
    for (const word of ["No owner", "No sponsor"]) assert.ok(flags.includes(word), `no "${word}" flag in the list`);
    await screenshot(app, "20-sample-book");

    // Sort by flags, most first, and open the most troubled account.
    await click(app, "accounts-sort-flags");
    await app.pause(300);
    await (await app.$(`${byId("account-row")} td`)).click();
    await waitFor(app, "account-page");
    await waitFor(app, "findings");
    await screenshot(app, "21-sample-account");
    await click(app, "tab-map");
    await app.waitUntil(async () => (await app.$$(byId("map-person"))).length >= 3, {
      timeout: 15000, timeoutMsg: "the map shows too few people",
    });
    await screenshot(app, "22-sample-map");
    await click(app, "tab-org-chart");
    await waitFor(app, "org-node");
    await screenshot(app, "23-sample-org-chart");
    await click(app, "tab-health");
    await waitFor(app, "health-score");
    await app.waitUntil(async () => (await app.$$(byId("health-part"))).length === 8, {
      timeout: 15000, timeoutMsg: "the health score does not show its eight parts",
    });
    await screenshot(app, "24-sample-health");

    // Today: the sample has visits waiting for review.
    await click(app, "nav-today");
    await waitFor(app, "today-page");
    await app.waitUntil(async () => (await app.$$(byId("today-item"))).length >= 1, {
      timeout: 15000, timeoutMsg: "Today lists nothing for the sample book",
    });
    await screenshot(app, "25-sample-today");

    // The portfolio: every live account in the table and on the chart, with
    // the health scored after loading; then the review as a PDF.
    await click(app, "nav-portfolio");
    await waitFor(app, "portfolio-page");
    const healthShown = async () =>
      (await app.execute((sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent ?? ""), byId("portfolio-health")))
        .filter((t) => /\d/.test(t)).length;
    await app.waitUntil(async () => (await healthShown()) >= 10, {
      timeout: 30000, timeoutMsg: "the portfolio does not show the sample's health scores",
    });
    assert.ok((await app.$$(byId("chart-point"))).length >= 10, "the chart has a point per account");
    await screenshot(app, "26-sample-portfolio");
    await click(app, "portfolio-export");
    await app.waitUntil(async () => readdirSync(exportDir).some((f) => f.endsWith(".pdf")), {
      timeout: 30000, timeoutMsg: "the portfolio review PDF was not written",
    });
    const pdf = readdirSync(exportDir).find((f) => f.endsWith(".pdf"));
    assert.ok(readFileSync(join(exportDir, pdf)).subarray(0, 5).toString() === "%PDF-", `${pdf} is not a PDF`);
  } catch (error) {
    await screenshot(app, "29-sample-failure");
    throw error;
  } finally {
    await app.deleteSession();
  }
});
