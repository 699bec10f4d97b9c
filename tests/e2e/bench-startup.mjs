// Cold start and idle memory of the real app, on a keychain vault with 1,000
// accounts: `node tests/e2e/bench-startup.mjs [runs]` under Xvfb, in a D-Bus
// session with an unlocked Secret Service (scripts/bench-startup.sh sets that up).
// Start = WebDriver session request → Today (the home screen) painted with its
// content (this includes WebKitWebDriver's own start-up, so it slightly
// overstates the app's).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { byId, freshDataDir, openApp, startDriver, stopDriver } from "./driver.mjs";

const runs = Number(process.argv[2] ?? 5);
const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "target/debug/rapport");
const db = join(freshDataDir(), "rapport.db");
const env = { ...process.env, RAPPORT_DB: db };
delete env.RAPPORT_PASSPHRASE;
execFileSync(cli, ["init"], { env, stdio: "ignore" });
for (let i = 0; i < 1000; i++) {
  if (i % 100 === 0) process.stdout.write(".");
  execFileSync(cli, ["account", "add", "--name", `Bench Account ${String(i).padStart(4, "0")}`], { env, stdio: "ignore" });
}
console.log();

function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // process went away
    }
  }
  const out = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

function memoryOf(pids) {
  let rss = 0;
  let pss = 0;
  const names = [];
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)[1]);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]);
      names.push(readFileSync(`/proc/${pid}/comm`, "utf8").trim());
    } catch {
      // gone
    }
  }
  return { rssMiB: rss / 1024, pssMiB: pss / 1024, names };
}

const driver = await startDriver({ RAPPORT_DB: db });
const samples = [];
let memory;
try {
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const app = await openApp();
    // Today's sections (or its all-clear) are on screen: the home screen has its data.
    const today = await app.$(`[data-testid^="today-section-"], ${byId("today-all-clear")}`);
    await today.waitForDisplayed({ timeout: 30000 });
    samples.push(performance.now() - t0);
    if (i === runs - 1) {
      await sleep(5000);
      const appPids = descendants(driver.pid).filter((p) => {
        try {
          return readFileSync(`/proc/${p}/comm`, "utf8").startsWith("rapport-app");
        } catch {
          return false;
        }
      });
      memory = memoryOf(appPids.flatMap((p) => [p, ...descendants(p)]));
    }
    await app.deleteSession();
  }
} finally {
  await stopDriver(driver);
}
samples.sort((a, b) => a - b);
console.log(`cold start to unlocked Today screen (keychain, 1,000 accounts): median ${samples[samples.length >> 1].toFixed(0)} ms, min ${samples[0].toFixed(0)}, max ${samples.at(-1).toFixed(0)} (n=${runs})`);
console.log(`idle memory, app + WebKit processes (${memory.names.join(", ")}): RSS ${memory.rssMiB.toFixed(0)} MiB, PSS ${memory.pssMiB.toFixed(0)} MiB`);
