// A blueprint session in the real window, from the keyboard: frame the room,
// capture ideas (Enter, Alt keys to tag), score and choose them, make two
// goals, send it to the sponsor and approve. Then open revision 2, change a
// goal, approve again and see the two revisions compared.
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

const text = (app, id) => app.execute((sel) => document.querySelector(sel)?.textContent ?? "", byId(id));
const count = async (app, id) => (await app.$$(byId(id))).length;
const focused = (app) => app.execute(() => document.activeElement?.getAttribute("data-testid") ?? "");
/** Puts the keyboard focus on an element (where a user would Tab to), without a click. */
const focus = (app, id) => app.execute((sel) => document.querySelector(sel)?.focus(), byId(id));
const ctrlEnter = (app) => app.keys(["Control", "Enter"]);
/** Types into whatever has the focus (WebDriver's send-keys to the active element: no click). */
async function type(app, value) {
  const el = await app.getActiveElement();
  await app.elementSendKeys(el["element-6066-11e4-a52e-4f735466cecf"] ?? el.ELEMENT, value);
}
const until = (app, check, timeoutMsg, timeout = 15000) => app.waitUntil(check, { timeout, timeoutMsg });
const stage = (app) => app.execute(() => document.querySelector('[aria-current="step"]')?.getAttribute("data-testid") ?? "");
const atStage = (app, name) => until(app, async () => (await stage(app)) === `stage-${name}`, `never reached the ${name} stage`);

test("a blueprint session from frame to approval by keyboard, then revision 2 compared", async () => {
  const app = await openApp();
  try {
    await startWithSampleBook(app, "gulls over the grain silos");

    // Aldergrove Foods has a sponsor and no blueprint yet.
    const rows = await app.$$(byId("account-row"));
    let found = false;
    for (const row of rows) {
      if ((await app.execute((el) => el.textContent, row)).includes("Aldergrove Foods")) {
        await (await row.$("td")).click();
        found = true;
        break;
      }
    }
    assert.ok(found, "Aldergrove Foods is not in the sample");
    await waitFor(app, "account-page");

    // From here on, the keyboard: Ctrl+7 is the Blueprint tab.
    await app.keys(["Control", "7"]);
    await waitFor(app, "new-blueprint");
    await focus(app, "new-blueprint");
    await app.keys(["Enter"]);
    await waitFor(app, "blueprint-form");
    await focus(app, "blueprint-create");
    await app.keys(["Enter"]);
    await waitFor(app, "blueprint-page");
    await atStage(app, "frame");

    // Frame: two people in the room, each with their own function.
    for (const downs of [2, 5]) {
      await waitFor(app, "participant-person");
      await focus(app, "participant-person");
      for (let i = 0; i < downs; i++) await app.keys(["ArrowDown"]);
      const picked = await app.execute((sel) => document.querySelector(sel)?.value ?? "", byId("participant-person"));
      assert.ok(picked, "the arrow keys did not pick a person");
      await app.keys(["Tab"]);
      await app.keys(["Tab"]);
      await until(app, async () => (await focused(app)) === "participant-add", `focus is on ${await focused(app)}, not the add button`);
      const before = await count(app, "participant");
      await app.keys(["Enter"]);
      await until(app, async () => (await count(app, "participant")) === before + 1, "the participant was not added");
    }
    await screenshot(app, "40-blueprint-frame");

    // Ideas: Enter adds and the box is ready for the next; Alt keys tag who and what.
    await ctrlEnter(app);
    await atStage(app, "ideas");
    await until(app, async () => (await focused(app)) === "idea-input", "the capture box does not have the focus");
    await app.keys(["Alt", "1"]);
    await type(app, "Put our service engineers in their two busiest plants");
    await app.keys(["Enter"]);
    await app.keys(["Alt", "f"]);
    await type(app, "Stop the late deliveries of spare parts");
    await app.keys(["Enter"]);
    await app.keys(["Alt", "2"]);
    await app.keys(["Alt", "r"]);
    await type(app, "Invite their new COO to our customer council");
    await app.keys(["Enter"]);
    await until(app, async () => (await count(app, "idea-row")) === 3, "three ideas were not captured");
    assert.equal(await focused(app), "idea-input", "the box keeps the focus for the next idea");
    await screenshot(app, "41-blueprint-ideas");

    // Prioritise: 1–5 impact, Shift+1–5 effort, Space chooses; arrows move.
    await ctrlEnter(app);
    await atStage(app, "prioritise");
    await until(app, async () => (await focused(app)) === "score-list", "the list does not have the focus");
    await app.keys(["5"]);
    await app.keys(["Shift", "2"]);
    await app.keys([" "]);
    await app.keys(["ArrowDown"]);
    await app.keys(["4"]);
    await app.keys(["Shift", "3"]);
    await app.keys([" "]);
    await until(
      app,
      async () => (await app.execute(() => document.querySelectorAll('[data-testid="score-row"][data-chosen="true"]').length)) === 2,
      "two ideas were not chosen",
    );
    await screenshot(app, "42-blueprint-prioritise");

    // Goals: one from each chosen idea, with an owner, a date and a measure.
    await ctrlEnter(app);
    await atStage(app, "goals");
    for (const [n, metric, baseline, target] of [
      [1, "Plants with an engineer on site", "0", "2"],
      [2, "Parts delivered on time", "81", "97"],
    ]) {
      // The first button has the focus on arrival; Shift+Tab from the goals would reach the next.
      if (n > 1) await app.execute((sel, i) => document.querySelectorAll(sel)[i]?.focus(), byId("make-goal"), n - 1);
      await until(app, async () => (await focused(app)) === "make-goal", "no Make a goal button to press");
      await app.keys(["Enter"]);
      await until(app, async () => (await count(app, "goal-row")) === n, `goal ${n} was not made`);
      await until(app, async () => (await focused(app)) === "goal-title", "the new goal's title does not have the focus");
      await app.keys(["Tab"]);
      assert.equal(await focused(app), "goal-owner");
      await app.keys(["ArrowDown"]);
      await app.keys(["Tab"]);
      await app.keys(["Tab"]);
      assert.equal(await focused(app), "goal-target_date");
      // WebKit's date field takes its own segments (month, day, year); a separator moves on.
      await type(app, "09-30-2027");
      const typed = await app.execute((sel) => [...document.querySelectorAll(sel)].at(-1)?.value, byId("goal-target_date"));
      assert.equal(typed, "2027-09-30", "the date field did not take the date");
      await app.keys(["Tab"]);
      await type(app, metric);
      await app.keys(["Tab"]);
      await app.keys(["%"]);
      await app.keys(["Tab"]);
      await type(app, baseline);
      await app.keys(["Tab"]);
      await type(app, target);
      await app.keys(["Tab"]);
      await until(
        app,
        async () => (await app.execute(() => document.querySelectorAll('[data-testid="goal-missing"]').length)) === 0,
        `goal ${n} still lacks something: ${await app.execute(() => [...document.querySelectorAll('[data-testid="goal-missing"]')].map((e) => e.textContent).join("; "))}`,
      );
    }
    await screenshot(app, "43-blueprint-goals");

    // People, then to the sponsor, who approves with a comment.
    await ctrlEnter(app);
    await atStage(app, "people");
    await ctrlEnter(app);
    await atStage(app, "approve");
    await until(app, async () => (await focused(app)) === "approve-comment", "the comment box does not have the focus");
    await type(app, "Agreed: start with the plants in the north.");
    await app.keys(["Tab"]);
    assert.equal(await focused(app), "approve");
    await app.keys(["Enter"]);
    await atStage(app, "track");
    assert.match(await text(app, "revision-badge"), /1/);
    await screenshot(app, "44-blueprint-approved");

    // Revision 2: change a goal's target, approve again, compare.
    await focus(app, "open-revision");
    await app.keys(["Enter"]);
    await atStage(app, "goals");
    await until(app, async () => /2/.test(await text(app, "revision-badge")), "revision 2 was not opened");
    const targets = await app.$$(byId("goal-target"));
    await app.execute((el) => el.focus(), targets[1]);
    await app.keys(["Control", "a"]);
    await app.keys(["Backspace"]);
    await type(app, "99");
    await app.keys(["Tab"]);
    await ctrlEnter(app);
    await atStage(app, "people");
    await ctrlEnter(app);
    await atStage(app, "approve");
    await until(app, async () => (await focused(app)) === "approve-comment", "the comment box does not have the focus");
    await app.keys(["Tab"]);
    await app.keys(["Enter"]);
    await atStage(app, "track");

    await waitFor(app, "revision-compare");
    await until(app, async () => (await count(app, "diff-changed")) === 1, "the comparison does not show one changed goal");
    const changed = await text(app, "diff-changed");
    assert.match(changed, /late deliveries/);
    assert.match(changed, /97/);
    assert.match(changed, /99/);
    assert.equal(await count(app, "goal-overdue"), 0, "nothing is overdue: the goals are due next September");
    await screenshot(app, "45-blueprint-compare");
  } finally {
    await app.deleteSession();
  }
});
