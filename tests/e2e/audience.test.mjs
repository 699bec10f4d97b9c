// Audiences in the real window: a visit of the sample book opened, its brief
// exported for the internal audience (the save dialog is bypassed through
// RAPPORT_E2E_EXPORT_DIR) and read back: every page says it is internal, and
// the next export offers the internal audience first.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appBinary, byId, click, freshDataDir, openApp, screenshot, startDriver, startWithSampleBook, stopDriver, waitFor } from "./driver.mjs";

let driver;
const exportDir = mkdtempSync(join(tmpdir(), "rapport-e2e-audience-"));

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  driver = await startDriver({ RAPPORT_DB: join(freshDataDir(), "rapport.db"), RAPPORT_E2E_EXPORT_DIR: exportDir });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

const text = (app, id) => app.execute((sel) => document.querySelector(sel)?.textContent ?? "", byId(id));
const value = (app, id) => app.execute((sel) => document.querySelector(sel)?.value ?? "", byId(id));

test("export an internal brief: every page says it is not for the customer", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "harbour lights for the internal brief");

    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await click(app, "meetings-range-upcoming");
    await app.waitUntil(async () => (await app.$$(byId("meeting-open"))).length >= 1, {
      timeout: 15000, timeoutMsg: "no upcoming meeting in the sample book",
    });
    await click(app, "meeting-open");
    await waitFor(app, "meeting-page");
    assert.equal(await value(app, "brief-audience"), "executive", "the executive's copy is offered first");

    await (await app.$(byId("brief-audience"))).selectByAttribute("value", "internal");
    await screenshot(app, "70-brief-audience-internal");
    await click(app, "brief-export");
    await app.waitUntil(async () => (await text(app, "toast")).includes("Saved"), {
      timeout: 30000, timeoutMsg: "no confirmation that the brief was saved",
    });
    const files = readdirSync(exportDir).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 1, `one PDF in ${exportDir}: ${files}`);
    const pages = execFileSync("pdftotext", ["-layout", join(exportDir, files[0]), "-"]).toString().split("\f").filter((p) => p.trim());
    assert.ok(pages.length >= 2, "the brief has pages");
    for (const [n, page] of pages.entries()) {
      assert.ok(page.includes("Internal — not for the customer"), `page ${n + 1} says who it is for`);
    }
    assert.ok(pages[0].includes("Three things to know"), "the internal brief keeps our preparation");

    // The meetings list's pack dialog now offers the internal audience first.
    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await click(app, "pack-export-open");
    await waitFor(app, "pack-export");
    await app.waitUntil(async () => (await value(app, "pack-audience")) === "internal", {
      timeout: 15000, timeoutMsg: "the pack dialog does not offer the audience last exported for",
    });
    await screenshot(app, "71-pack-audience-remembered");
  } catch (error) {
    await screenshot(app, "79-audience-failure");
    throw error;
  } finally {
    await app.deleteSession();
  }
});
