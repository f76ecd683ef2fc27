// `npm run bench`: credchain against its peers, in one process (import cost and the 100k-tenant
// heap in child processes). Writes .bench/results.json and prints a table.
// BENCH_QUICK=1 shortens every run (to check the harness, not for numbers);
// BENCH_ONLY=hot-provider,secrets,ssm,secret-expiry,rotation,... runs the named groups only (see `groups` below).
import "../support/network-guard.mjs";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import {
  FULL_CONFIG,
  QUICK_CONFIG,
  isolateAwsEnvironment,
  nsPerCall,
  round3,
  type BenchResults,
  type ScenarioResult,
} from "./harness.js";
import { BENCH_DIR, buildCredchain, importCredchain } from "./loadCredchain.js";
import { formatTable } from "./formatTable.js";
import { hotProvider } from "./scenarios/hotProvider.js";
import { importScenarios } from "./scenarios/importCost.js";
import { noCredentials } from "./scenarios/noCredentials.js";
import { parameterScenarios } from "./scenarios/parameters.js";
import { secretExpiryScenarios } from "./scenarios/secretExpiry.js";
import { secretFailureScenarios } from "./scenarios/secretFailures.js";
import { rotationScenarios } from "./scenarios/rotation.js";
import { secretScenarios } from "./scenarios/secrets.js";
import { tenantScenarios } from "./scenarios/tenants.js";

const home = isolateAwsEnvironment();
const config = {
  ...(process.env.BENCH_QUICK === "1" ? QUICK_CONFIG : FULL_CONFIG),
  ...(process.env.BENCH_CLOCK === "wall" ? { clock: "wall" as const } : {}),
};
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const started = Date.now();
const loadBefore = loadavg();

const built = await buildCredchain();
const yardstick = {};
const { awaitNs } = await nsPerCall({ awaitNs: async () => yardstick }, config);
const credchain = await importCredchain(built);

const groups: Array<[string, () => Promise<ScenarioResult[]> | ScenarioResult[]]> = [
  ["hot-provider", async () => [await hotProvider(credchain, config)]],
  ["secrets", () => secretScenarios(credchain, config)],
  ["ssm", () => parameterScenarios(credchain)],
  ["secret-expiry", () => secretExpiryScenarios(credchain, config)],
  ["secret-failures", () => secretFailureScenarios(credchain, config)],
  ["no-credentials", () => noCredentials(credchain, config)],
  ["import", () => importScenarios(built, config)],
  ["tenants", () => tenantScenarios(built, config)],
  ["rotation", () => rotationScenarios(credchain, config)],
];

const scenarios: ScenarioResult[] = [];
const errors: Array<{ group: string; message: string }> = [];
for (const [group, run] of groups) {
  if (only !== undefined && !only.includes(group)) continue;
  const t0 = Date.now();
  process.stderr.write(`bench: ${group} …`);
  try {
    scenarios.push(...(await run()));
    process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    process.stderr.write(" failed\n");
    errors.push({
      group,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}

const results: BenchResults & { errors?: typeof errors } = {
  node: process.version,
  machine: {
    cpus: cpus().length,
    loadavg: loadBefore.map((l, i) => Number(((l + loadavg()[i]!) / 2).toFixed(2))),
    awaitNs: round3(awaitNs!),
  },
  clock: config.clock,
  startedAt: new Date(started).toISOString(),
  durationS: Number(((Date.now() - started) / 1000).toFixed(1)),
  scenarios,
  ...(errors.length === 0 ? {} : { errors }),
};
mkdirSync(BENCH_DIR, { recursive: true });
const file = resolve(BENCH_DIR, "results.json");
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
rmSync(home, { recursive: true, force: true });

console.log(formatTable(results));
console.log(`\nwrote ${file}`);
for (const e of errors) console.error(`\nbench: ${e.group} failed:\n${e.message}`);
process.exitCode = errors.length === 0 ? 0 : 1;
