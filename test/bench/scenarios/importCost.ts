// import-core and import-root: whole-process cost of importing an entry point, over bare `node`,
// in CPU time: wall time on a shared machine mostly measures waiting for a core.
// Each run is a fresh `node -e <probe> <module>` child; the variants take turns, and the cost
// is the median of each run's difference to the bare-node run next to it.
// "Bare node" imports an empty ES module placed beside the build: the first `import()` starts
// Node's ESM loader and looks up the package's `type` (measured here: ~8 ms of CPU for the
// lookup alone), costs every ES module package pays that are not the entry point's own.
import { execFileSync, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { median, resultRow, type BenchConfig, type ScenarioResult } from "../harness.js";
import { writeFileSync } from "node:fs";
import { BENCH_DIR, type CredchainBuild } from "../loadCredchain.js";

const REPO = resolve(import.meta.dirname, "../../..");
// Imports one module (or nothing, for the bare-node baseline) and reports the time since the
// process started and the CPU time it used.
const PROBE = `
const target = process.argv[1];
if (target) await import(target);
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({
  wallMs: performance.now(),
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
}));`;
const SDK = "@aws-sdk/credential-providers";

interface Probe {
  wallMs: number;
  cpuMs: number;
}

function probe(target: string | undefined): Probe {
  const args = ["--input-type=module", "-e", PROBE, ...(target === undefined ? [] : [target])];
  const out = execFileSync(process.execPath, args, {
    cwd: REPO,
    encoding: "utf8",
    // No --import hooks (tsx, guards) in the child: they would be counted as import cost.
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out) as Probe;
}

// Instructions executed by one `node` importing `target`, counted by valgrind's callgrind: nearly
// the same from run to run whatever else the machine does, unlike CPU time. `undefined` when
// valgrind is not installed.
const COUNT_PROBE = "const t = process.argv[1]; if (t) await import(t);";
function instructions(target: string): number | undefined {
  const result = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      process.execPath,
      "--input-type=module",
      "-e",
      COUNT_PROBE,
      target,
    ],
    { cwd: REPO, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" }, timeout: 300_000 },
  );
  const match = /Collected : (\d+)/.exec(result.stderr ?? "");
  return result.status === 0 && match ? Number(match[1]) : undefined;
}

function instructionScenarios(
  variants: Record<"bare" | "core" | "root" | "sdk", string>,
  bareCpuMs: number,
): ScenarioResult[] {
  const bare = instructions(variants.bare);
  if (bare === undefined) return [];
  const core = instructions(variants.core);
  const root = instructions(variants.root);
  const sdk = instructions(variants.sdk);
  if (core === undefined || root === undefined || sdk === undefined) return [];
  // This machine's speed, from the baseline process itself: instructions per CPU millisecond.
  const perMs = bare / bareCpuMs;
  const coreMs = (core - bare) / perMs;
  const basis = `callgrind instruction counts, one run each; baseline ${(bare / 1e6).toFixed(0)} M instructions in ${bareCpuMs.toFixed(0)} ms of CPU (${(perMs / 1e6).toFixed(1)} M/ms) converts instructions to ms`;
  return [
    resultRow({
      name: "import-core:instructions",
      unit: "ms (from instructions) over bare node",
      credchain: coreMs,
      peer: "none (absolute target)",
      peerValue: null,
      target: "≤ 5 ms",
      met: coreMs <= 5,
      note: `import("credchain/core"): ${((core - bare) / 1e6).toFixed(1)} M instructions over the baseline; ${basis}.`,
    }),
    resultRow({
      name: "import-root:instructions",
      unit: "M instructions over bare node",
      credchain: (root - bare) / 1e6,
      peer: `import("${SDK}")`,
      peerValue: (sdk - bare) / 1e6,
      target: "ratio ≤ 0.5",
      met: (ratio) => ratio !== null && ratio <= 0.5,
      note: `import("credchain") vs import("${SDK}"); ${basis}.`,
    }),
  ];
}

export function importScenarios(built: CredchainBuild, config: BenchConfig): ScenarioResult[] {
  const empty = resolve(BENCH_DIR, "dist", "empty.js");
  writeFileSync(empty, "export {};\n");
  const variants = {
    bare: pathToFileURL(empty).href,
    core: pathToFileURL(built.core).href,
    root: pathToFileURL(built.root).href,
    sdk: SDK,
  } as const;
  type Variant = keyof typeof variants;
  const names = Object.keys(variants) as Variant[];
  // Warm the file system cache once per variant.
  for (const name of names) probe(variants[name]);
  const runs: Array<Record<Variant, Probe>> = [];
  for (let i = 0; i < config.importRuns; i++) {
    const order = names.map((_, j) => names[(i + j) % names.length]!);
    const run = {} as Record<Variant, Probe>;
    for (const name of order) run[name] = probe(variants[name]);
    runs.push(run);
  }
  const over = (name: Variant, field: keyof Probe) =>
    median(runs.map((run) => run[name][field] - run.bare[field]));
  const bare = (field: keyof Probe) => median(runs.map((run) => run.bare[field]));
  const wall = `wall time over bare: core ${over("core", "wallMs").toFixed(1)} ms, root ${over("root", "wallMs").toFixed(1)} ms, ${SDK} ${over("sdk", "wallMs").toFixed(1)} ms`;
  const basis = `CPU time (user + system) from node start to import done, median of ${config.importRuns} paired child-process runs; bare node (importing an empty ES module from the same package, so the ESM loader's start-up and package-type lookup are not counted) itself ${bare("cpuMs").toFixed(1)} ms CPU, ${bare("wallMs").toFixed(1)} ms wall`;
  const counted = instructionScenarios(variants, bare("cpuMs"));
  return [
    resultRow({
      name: "import-core",
      unit: "ms CPU over bare node",
      credchain: over("core", "cpuMs"),
      peer: "none (absolute target)",
      peerValue: null,
      target: "≤ 5 ms",
      met: over("core", "cpuMs") <= 5,
      note: `import("credchain/core"); ${basis}; ${wall}.`,
    }),
    resultRow({
      name: "import-root",
      unit: "ms CPU over bare node",
      credchain: over("root", "cpuMs"),
      peer: `import("${SDK}")`,
      peerValue: over("sdk", "cpuMs"),
      target: "ratio ≤ 0.5",
      met: (ratio) => ratio !== null && ratio <= 0.5,
      note: `import("credchain"); ${basis}; ${wall}.`,
    }),
    ...counted,
  ];
}
