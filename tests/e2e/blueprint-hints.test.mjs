// What the blueprint points out on its own, in the real window on the sample
// book: the People stage says which goal reaches nobody on our side, and the
// ideas stage offers two ideas that say the same thing for merging.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appBinary, byId, click, freshDataDir, openApp, screenshot, startDriver, startWithSampleBook, stopDriver, waitFor } from "./driver.mjs";

let driver;

before(async () => {
  assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`);
  driver = await startDriver({ RAPPORT_DB: join(freshDataDir(), "rapport.db") });
});
after(async () => {
  if (driver) await stopDriver(driver);
});

const texts = (app, id) => app.execute((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent ?? ""), byId(id));
const count = async (app, id) => (await app.$$(byId(id))).length;
const until = (app, check, timeoutMsg, timeout = 15000) => app.waitUntil(check, { timeout, timeoutMsg });
/** Types into whatever has the focus (WebDriver's send-keys to the active element: no click). */
async function type(app, value) {
  const el = await app.getActiveElement();
  await app.elementSendKeys(el["element-6066-11e4-a52e-4f735466cecf"] ?? el.ELEMENT, value);
}

test("the People stage warns about a goal nobody of ours carries; alike ideas are offered for merging", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "gulls over the grain silos");

    // Ironbridge Steel's blueprint is at the People stage, one goal with nobody planned in on our side.
    const rows = await app.$$(byId("account-row"));
    let found = false;
    for (const row of rows) {
      if ((await app.execute((el) => el.textContent, row)).includes("Ironbridge Steel")) {
        await (await row.$("td")).click();
        found = true;
        break;
      }
    }
    assert.ok(found, "Ironbridge Steel is not in the sample");
    await waitFor(app, "account-page");
    await app.keys(["Control", "7"]);
    await click(app, "account-blueprint-open");
    await waitFor(app, "blueprint-page");
    await click(app, "stage-people");
    await waitFor(app, "people-panel");
    await until(app, async () => (await count(app, "people-gap")) > 0, "the People stage shows no warning");
    const gaps = await texts(app, "people-gap");
    assert.equal(gaps.length, 1, `one goal reaches nobody of ours: ${gaps.join(" | ")}`);
    assert.match(gaps[0], /Nobody on our side is involved in "Energy per tonne reported on every conveyor"/);
    assert.match(gaps[0], /involve one of our people, or plan a connection/);
    await app.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: "center" }), byId("people-gap"));
    await screenshot(app, "46-blueprint-people-warning");

    // Ideas: the same idea in other words is offered for merging, and merges.
    await click(app, "stage-ideas");
    await waitFor(app, "idea-input");
    const before = await count(app, "idea-row");
    await app.execute((sel) => document.querySelector(sel)?.focus(), byId("idea-input"));
    await type(app, "Report the energy per tonne on every conveyor");
    await app.keys(["Enter"]);
    await until(app, async () => (await count(app, "idea-row")) === before + 1, "the idea was not added");
    await waitFor(app, "alike-ideas");
    const pairs = await texts(app, "alike-pair");
    assert.equal(pairs.length, 1, pairs.join(" | "));
    assert.match(pairs[0], /Meter the energy per tonne on our conveyors.*Report the energy per tonne on every conveyor/);
    await screenshot(app, "47-blueprint-alike-ideas");
    await click(app, "alike-merge");
    await until(app, async () => (await count(app, "alike-ideas")) === 0, "the offer stayed after merging");
    await until(app, async () => (await count(app, "idea-row")) === before, "the duplicate is still listed");
    assert.ok((await texts(app, "idea-merged")).some((t) => /\+1 merged/.test(t)), "the kept idea does not say it took one in");
  } finally {
    await app.deleteSession();
  }
});
