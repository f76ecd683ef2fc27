// Measurement helpers shared by the benchmark scenarios: medians over rounds, tinybench runs with
// batched calls (one call is below the timer's resolution), an isolated AWS environment.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bench } from "tinybench";

/** One row of `.bench/results.json`. */
export interface ScenarioResult {
  name: string;
  /** Unit of `credchain` and `peerValue`. */
  unit: string;
  credchain: number;
  /** What credchain is compared with; `"none"` when the target is absolute. */
  peer: string;
  peerValue: number | null;
  /** `credchain / peerValue` (lower is better), `null` without a peer value. */
  ratio: number | null;
  /** The target from issue 7, in words. */
  target: string;
  met: boolean;
  /** How it was measured and anything a reader needs to interpret the numbers. */
  note?: string;
}

/** The whole `.bench/results.json`. */
export interface BenchResults {
  node: string;
  machine: {
    cpus: number;
    /** Mean of the 1/5/15-minute load averages at the start and end of the run. */
    loadavg: number[];
    /** ns per awaited call of `async () => obj` on the same clock: a yardstick for absolute numbers. */
    awaitNs: number;
  };
  clock: BenchConfig["clock"];
  startedAt: string;
  durationS: number;
  scenarios: ScenarioResult[];
}

/** Settings every scenario reads; `BENCH_QUICK=1` shortens runs (harness checks, not numbers). */
export interface BenchConfig {
  /** Rounds per comparison; the median of the per-round medians is reported. */
  rounds: number;
  /** tinybench time budget per task per round, ms. */
  timeMs: number;
  /** Child processes per import variant. */
  importRuns: number;
  /** Tenants pushed through the resolver. */
  tenants: number;
  /**
   * Clock of the per-call timings: `cpu` (this process's user + system CPU time) or `wall`.
   * CPU time leaves out the time the process waits for a core, so numbers from a busy machine
   * stay comparable; on an idle machine both agree. `BENCH_CLOCK=wall` switches.
   */
  clock: "cpu" | "wall";
}

export const FULL_CONFIG: BenchConfig = {
  rounds: 5,
  timeMs: 250,
  importRuns: 41,
  tenants: 100_000,
  clock: "cpu",
};
export const QUICK_CONFIG: BenchConfig = {
  rounds: 2,
  timeMs: 50,
  importRuns: 3,
  tenants: 12_000,
  clock: "cpu",
};

/** Milliseconds of CPU time this process has used (all threads), at microsecond resolution. */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds to 3 significant digits, so the table and JSON stay readable. */
export function round3(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(3));
}

/** Builds a result row, computing ratio and `met` from a ratio or absolute target. */
export function resultRow(row: {
  name: string;
  unit: string;
  credchain: number;
  peer: string;
  peerValue: number | null;
  target: string;
  met: boolean | ((ratio: number | null) => boolean);
  note?: string;
}): ScenarioResult {
  const ratio =
    row.peerValue === null || row.peerValue === 0 ? null : round3(row.credchain / row.peerValue);
  return {
    name: row.name,
    unit: row.unit,
    credchain: round3(row.credchain),
    peer: row.peer,
    peerValue: row.peerValue === null ? null : round3(row.peerValue),
    ratio,
    target: row.target,
    met: typeof row.met === "function" ? row.met(ratio) : row.met,
    ...(row.note === undefined ? {} : { note: row.note }),
  };
}

/**
 * Median nanoseconds per call of each function, on `config.clock`. Every tinybench iteration
 * makes `batch` awaited calls; each round runs all functions (in a rotated order, so none always goes first) after a
 * warm-up, and the reported value is the median over rounds of tinybench's median (p50).
 */
export async function nsPerCall(
  fns: Record<string, () => unknown>,
  config: BenchConfig,
  batch = 100,
): Promise<Record<string, number>> {
  const names = Object.keys(fns);
  const perRound: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < config.rounds; round++) {
    const bench = new Bench({
      ...(config.clock === "cpu" ? { now: cpuNow } : {}),
      time: config.timeMs,
      warmupTime: round === 0 ? config.timeMs : Math.ceil(config.timeMs / 4),
      iterations: 10,
    });
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      const fn = fns[name]!;
      bench.add(name, async () => {
        for (let i = 0; i < batch; i++) await fn();
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed") {
        throw new Error(
          `benchmark task ${task.name} ended ${result.state}${"error" in result ? `: ${String(result.error)}` : ""}`,
        );
      }
      perRound[task.name]!.push((result.latency.p50 * 1e6) / batch);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(perRound[n]!)]));
}

/** Median wall time in ms of `fn` over `rounds` runs, after one warm-up run. */
export async function msPerRun(fn: () => Promise<unknown>, rounds: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const INHERITED =
  /^(AWS_|OPENAI_|ANTHROPIC_|COHERE_|CO_API_KEY$|SECRET_|USE_SECRETS_MANAGER$|LLM_PROVIDER$|BEDROCK_|SECRETS_MANAGER_REGION$|POWERTOOLS_)/;

/**
 * Clears inherited AWS and provider variables and points HOME and the AWS config files at an
 * empty directory with IMDS disabled, so no SDK chain finds real credentials or leaves the host.
 * Returns the empty home directory.
 */
export function isolateAwsEnvironment(): string {
  for (const name of Object.keys(process.env)) {
    if (INHERITED.test(name)) delete process.env[name];
  }
  const home = mkdtempSync(join(tmpdir(), "credchain-bench-home-"));
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  process.env.AWS_CONFIG_FILE = join(home, ".aws", "config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, ".aws", "credentials");
  return home;
}

/** The documentation example key pair (never a real credential). */
export const EXAMPLE_KEYS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
} as const;
