// Every screen of the sample book fits the window: at the default size
// (1200×780) and at 1600×1000, in light and in dark, each screen is saved as
// fit-<size>-<theme>-<screen>.png and checked for anything wider than its
// container (the page scrolling sideways, a table or panel cut off on the
// right). Dark is GTK's dark theme, which WebKitGTK reports as
// prefers-color-scheme: dark.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  appBinary, byId, click, freshDataDir, openApp, screenshot, showAccounts, startDriver, startWithSampleBook,
  stopDriver, typeInto, waitFor,
} from "./driver.mjs";

const SIZES = [
  [1200, 780],
  [1600, 1000],
];
const PASSPHRASE = "kites over the salt marsh";
const db = join(freshDataDir(), "rapport.db");

let driver;
before(() => assert.ok(existsSync(appBinary), `app binary missing: ${appBinary} (cargo test builds it)`));
after(async () => {
  if (driver) await stopDriver(driver);
});

const until = (app, check, timeoutMsg, timeout = 20000) => app.waitUntil(check, { timeout, timeoutMsg });
const count = async (app, id) => (await app.$$(byId(id))).length;

/**
 * What sticks out sideways on the page now: the page or its main column
 * scrolling horizontally, and any element that clips or scrolls content wider
 * than itself (a table cut off, a column hidden past the edge). Cells that
 * end in an ellipsis on purpose are not counted unless the text is cut to
 * less than half of it; a box marked data-clips cuts its content on purpose.
 */
function overflows(app) {
  return app.execute(() => {
    const found = [];
    const name = (el) => {
      const id = el.getAttribute("data-testid");
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ""}${cls}`;
    };
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`the window scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const main = document.querySelector("main.content");
    if (!main) return ["no main column"];
    if (main.scrollWidth > main.clientWidth + 1) found.push(`the main column scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
    const edge = main.getBoundingClientRect().right;
    // Cut off by a box between it and the main column: that box is the one reported.
    const clippedInside = (el) => {
      for (let up = el.parentElement; up && up !== main; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") return true;
      }
      return false;
    };
    for (const el of main.querySelectorAll("*")) {
      if (el.closest("[hidden]") || el.closest("[data-clips]") && !el.matches("[data-clips]")) continue;
      if (el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      // Hidden on purpose, or only for screen readers (a 1px box).
      if (style.visibility === "hidden" || rect.width <= 1 || rect.height <= 1) continue;
      if (rect.right > edge + 1 && !clippedInside(el)) {
        found.push(`${name(el)} ends ${Math.round(rect.right - edge)}px past the main column`);
        continue;
      }
      if (style.overflowX === "visible" || el.clientWidth === 0 || el.matches("[data-clips]")) continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      if (style.textOverflow === "ellipsis" && el.clientWidth * 2 >= el.scrollWidth) continue;
      found.push(`${name(el)} hides ${el.scrollWidth - el.clientWidth}px of ${el.scrollWidth}px`);
    }
    // One line per kind of element: a table of 40 rows cut off is one problem.
    return [...new Set(found.map((line) => line.replace(/\d+px/g, "…px")))].map(
      (kind) => found.find((line) => line.replace(/\d+px/g, "…px") === kind),
    );
  });
}

/** Opens an account from the list by typing its name into the filter. */
async function openAccount(app, name) {
  await showAccounts(app);
  await typeInto(app, "accounts-filter-text", name);
  await until(app, async () => {
    const rows = await app.execute((sel) => [...document.querySelectorAll(sel)].map((r) => r.textContent ?? ""), byId("account-row"));
    return rows.length === 1 && rows[0].includes(name);
  }, `the filter does not find ${name}`);
  await (await app.$(`${byId("account-row")} td`)).click();
  await waitFor(app, "account-page");
}

async function clearAccountFilter(app) {
  await showAccounts(app);
  await click(app, "accounts-filter-text");
  await app.keys(["Control", "a"]);
  await app.keys(["Backspace"]);
}

/** Each screen: a name and how to get there from anywhere in the open book. */
const SCREENS = [
  ["today", async (app) => {
    await click(app, "nav-today");
    await waitFor(app, "today-page");
    await until(app, async () => (await count(app, "today-item")) >= 1, "Today lists nothing");
  }],
  ["portfolio", async (app) => {
    await click(app, "nav-portfolio");
    await waitFor(app, "portfolio-page");
    await until(app, async () => (await count(app, "chart-point")) >= 10, "the portfolio chart is empty", 30000);
  }],
  // The table is under the chart: brought into view for its own picture.
  ["portfolio-table", async (app) => {
    await app.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: "start" }), byId("portfolio-table"));
    await until(app, async () => (await count(app, "portfolio-row")) >= 10, "the portfolio table is empty");
  }],
  ["accounts", async (app) => {
    await clearAccountFilter(app);
    await until(app, async () => (await count(app, "account-row")) >= 10, "the account list is empty");
  }],
  ...["overview", "people", "interactions", "meetings", "map", "org-chart", "blueprint", "health", "feedback"].map((tab) => [
    `account-${tab}`,
    async (app) => {
      if ((await count(app, "account-page")) === 0) await openAccount(app, "Nordhavn Energy");
      await click(app, `tab-${tab}`);
      await until(app, async () => (await app.$(byId(`tab-${tab}`)).getAttribute("aria-selected")) === "true", `the ${tab} tab did not open`);
      if (tab === "map") await until(app, async () => (await count(app, "map-person")) >= 3, "the map shows too few people");
      if (tab === "org-chart") await waitFor(app, "org-node");
      if (tab === "health") await waitFor(app, "health-score");
    },
  ]),
  // Brightline's blueprint is at the prioritise stage: each stage is looked at in turn.
  ...["frame", "ideas", "prioritise", "goals", "people", "approve", "track"].map((stage) => [
    `blueprint-${stage}`,
    async (app) => {
      if ((await count(app, "blueprint-page")) === 0) {
        await openAccount(app, "Brightline Logistics");
        await click(app, "tab-blueprint");
        await click(app, "account-blueprint-open");
        await waitFor(app, "blueprint-page");
      }
      await click(app, `stage-${stage}`);
      await waitFor(app, `panel-${stage}`);
    },
  ]),
  ["meetings", async (app) => {
    await click(app, "nav-meetings");
    await waitFor(app, "meetings-page");
    await click(app, "meetings-view-list");
    await waitFor(app, "meeting-row");
  }],
  ["meetings-week", async (app) => {
    await click(app, "meetings-view-week");
    await app.pause(300);
  }],
  ["meeting", async (app) => {
    await click(app, "meetings-view-list");
    await click(app, "meeting-open");
    await waitFor(app, "meeting-page");
  }],
  ["review", async (app) => {
    await click(app, "nav-review");
    await waitFor(app, "review-detail");
  }],
  ["our-people", async (app) => {
    await click(app, "nav-people");
    await until(app, async () => (await count(app, "our-person-row")) >= 3, "Our people lists too few");
  }],
  ["import", async (app) => {
    await click(app, "nav-import");
    await waitFor(app, "import-page");
  }],
  ["trash", async (app) => {
    await click(app, "nav-trash");
    await waitFor(app, "trash-page");
  }],
  ["settings", async (app) => {
    await click(app, "nav-settings");
    await waitFor(app, "settings-page");
  }],
];

/** Every screen at both sizes; returns what did not fit. */
async function visitEverything(app, theme) {
  const problems = [];
  const dark = await app.execute(() => matchMedia("(prefers-color-scheme: dark)").matches);
  assert.equal(dark, theme === "dark", `the window is not in ${theme} colours`);
  for (const [width, height] of SIZES) {
    await app.setWindowSize(width, height);
    await until(app, async () => (await app.execute(() => window.innerWidth)) === width, `the window did not become ${width} wide`);
    for (const [screen, go] of SCREENS) {
      await go(app);
      const name = `fit-${width}x${height}-${theme}-${screen}`;
      await screenshot(app, name);
      for (const line of await overflows(app)) problems.push(`${name}: ${line}`);
    }
  }
  return problems;
}

test("every screen fits at 1200×780 and 1600×1000, light and dark", async () => {
  const problems = [];

  driver = await startDriver({ RAPPORT_DB: db, GTK_THEME: "Adwaita" });
  let app = await openApp();
  try {
    await startWithSampleBook(app, PASSPHRASE);
    problems.push(...(await visitEverything(app, "light")));
  } catch (error) {
    await screenshot(app, "fit-failure-light");
    throw error;
  } finally {
    await app.deleteSession();
  }
  await stopDriver(driver);

  driver = await startDriver({ RAPPORT_DB: db, GTK_THEME: "Adwaita:dark" });
  app = await openApp();
  try {
    await waitFor(app, "unlock-screen");
    await typeInto(app, "unlock-secret-input", PASSPHRASE);
    await click(app, "unlock-submit");
    await waitFor(app, "today-page");
    problems.push(...(await visitEverything(app, "dark")));
  } catch (error) {
    await screenshot(app, "fit-failure-dark");
    throw error;
  } finally {
    await app.deleteSession();
  }

  assert.deepEqual(problems, [], `what does not fit:\n${problems.join("\n")}`);
});
