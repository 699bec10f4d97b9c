// Starts tauri-driver and opens WebDriver sessions on the real app binary, each
// with its own data directory, so no test touches a real profile.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote } from "webdriverio";

const root = resolve(import.meta.dirname, "../..");
export const appBinary = process.env.RAPPORT_APP_BINARY ?? join(root, "target/debug/rapport-app");
export const artifacts = join(root, "target/e2e-artifacts");
mkdirSync(artifacts, { recursive: true });

// One tauri-driver per run; RAPPORT_E2E_PORT lets two runs share a machine
// (WebKitWebDriver takes the port after it).
const port = Number(process.env.RAPPORT_E2E_PORT ?? 4444);

// Unless a test sets its own clock, the app counts days from one fixed
// Wednesday, so no test depends on the machine's date or weekday.
const fixedClock = join(mkdtempSync(join(tmpdir(), "rapport-clock-")), "now");
writeFileSync(fixedClock, "2026-11-25T09:00:00Z");

export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), "rapport-e2e-"));
}

/** Starts tauri-driver with the app's environment; resolves once it listens. */
export async function startDriver(env) {
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { RAPPORT_E2E_CLOCK: fixedClock, ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return driver;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  driver.kill("SIGTERM");
  throw new Error("tauri-driver did not start");
}

/**
 * SIGTERM (not SIGKILL) so tauri-driver also stops WebKitWebDriver. Then ends
 * any app it left running: an app that outlived its WebDriver session keeps
 * the test file's output pipe open, and node's runner waits on it forever
 * (seen in a full run: one orphan window held the whole suite until timeout).
 */
export async function stopDriver(driver) {
  if (driver.exitCode === null) {
    const exited = new Promise((r) => driver.once("exit", r));
    driver.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
  }
  await endLeftoverApps();
}

/** Files run one at a time, so when a file's driver stops, any app from this binary is left over. */
export async function endLeftoverApps() {
  const pattern = `^${appBinary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
  if (spawnSync("pkill", ["-TERM", "-f", pattern]).status !== 0) return;
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    if (spawnSync("pgrep", ["-f", pattern]).status !== 0) return;
  }
  spawnSync("pkill", ["-KILL", "-f", pattern]);
}

/**
 * Starts the app in a new WebDriver session. Once in a CI run, a relaunch
 * failed in GTK's start-up ("Failed to initialize GTK": the X connection, before
 * any of our code ran) and the session request timed out; that one case is
 * tried a second time. Failures inside the app still fail the test.
 */
export async function openApp() {
  const open = () =>
    remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryCount: 0,
      capabilities: {
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: appBinary },
      },
    });
  try {
    return await open();
  } catch (error) {
    if (!String(error?.message ?? error).includes("UND_ERR_HEADERS_TIMEOUT")) throw error;
    console.error(`# the app did not start (${error.message}); starting it once more`);
    return open();
  }
}

export const byId = (id) => `[data-testid="${id}"]`;

/** Types into a React-controlled input the way a user would (WebDriver's clear does not reach React). */
export async function typeInto(browser, id, text) {
  const el = await browser.$(byId(id));
  await el.waitForDisplayed({ timeout: 15000 });
  await el.click();
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
  await el.addValue(text);
}

export async function click(browser, id) {
  const el = await browser.$(byId(id));
  await el.waitForClickable({ timeout: 15000 });
  await el.click();
}

export async function waitFor(browser, id, timeout = 20000) {
  const el = await browser.$(byId(id));
  await el.waitForDisplayed({ timeout });
  return el;
}

export async function screenshot(browser, name) {
  // WebKitWebDriver can hand back the previous frame right after a change.
  await browser.pause(500);
  await browser.saveScreenshot(join(artifacts, `${name}.png`));
}

/**
 * Today is the home screen (after unlocking, creating a vault or loading the
 * sample): opens the account list from the sidebar.
 */
export async function showAccounts(browser) {
  await click(browser, "nav-accounts");
  await waitFor(browser, "account-new");
}

/** Opens the new-account form, types a name and saves. */
export async function addAccount(browser, name) {
  await click(browser, "account-new");
  await typeInto(browser, "account-name-input", name);
  await click(browser, "account-save");
}

/** Waits until a row in the accounts list shows `name`. */
export async function waitForAccount(browser, name, timeoutMsg) {
  await browser.waitUntil(
    async () => {
      // textContent, not getText: WebKitWebDriver's visibility rules drop the
      // plain text of cells in this virtualised grid (the screenshots show it).
      const names = await browser.execute(
        (selector) => [...document.querySelectorAll(selector)].map((row) => row.textContent ?? ""),
        byId("account-row"),
      );
      return names.some((text) => text.includes(name));
    },
    { timeout: 15000, timeoutMsg: timeoutMsg ?? `no account row shows "${name}"` },
  );
}

/** First run: creates a passphrase vault, acknowledges the recovery key and loads the sample book. */
export async function startWithSampleBook(browser, passphrase) {
  await waitFor(browser, "create-vault");
  await click(browser, "mode-passphrase");
  await typeInto(browser, "passphrase-input", passphrase);
  await typeInto(browser, "passphrase-confirm-input", passphrase);
  await click(browser, "create-vault-submit");
  await waitFor(browser, "recovery-key");
  await click(browser, "recovery-key-ack");
  await click(browser, "recovery-key-continue");
  await waitFor(browser, "today-page");
  await showAccounts(browser);
  await click(browser, "load-sample");
  // The loaded sample opens on Today; the callers start from the list.
  await waitFor(browser, "today-page");
  await showAccounts(browser);
  await browser.waitUntil(async () => (await browser.$$(byId("account-row"))).length >= 10, {
    timeout: 30000, timeoutMsg: "the sample accounts did not appear",
  });
}
