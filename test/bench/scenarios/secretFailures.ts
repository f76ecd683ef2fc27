// Secret scenarios while Secrets Manager fails (issue 11), over the wire: credchain's store and
// Powertools' SecretsProvider read one secret each through real SDK clients (same settings: 1 s
// timeouts, the SDK's default 3 attempts) from the loopback Secrets Manager emulator, whose fault
// queue makes every GetSecretValue hang, throttle or answer 500 for both at once.
// - secret-stale-latency:hung / :throttled: how long callers wait for an answer once the TTL has
//   ended (credchain: the stale value; Powertools has none, so its callers get an error).
// - secret-storm: requests the emulator sees per minute for one secret under steady traffic
//   during a 500 storm (credchain: backoff, one call at a time; Powertools: a call per get).
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { setTimeout as sleep } from "node:timers/promises";
import { EXAMPLE_CREDENTIALS } from "../../support/credentialRegistry.js";
import type { Fault } from "../../support/faults.js";
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from "../../support/startSecretsManagerEmulator.js";
import { resultRow, round3, type BenchConfig, type ScenarioResult } from "../harness.js";
import type { Credchain } from "../loadCredchain.js";

const POWERTOOLS = "@aws-lambda-powertools/parameters SecretsProvider.get";
const REQUEST_TIMEOUT_MS = 1000;
const TTL_MS = 1000;
/** Callers after the TTL's end, one every CALLER_GAP_MS. */
const STALE_CALLERS = 10;
const CALLER_GAP_MS = 200;
/** Steady traffic during the storm: one get per library every TRAFFIC_GAP_MS. */
const TRAFFIC_GAP_MS = 20;

function sdkClient(url: string): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: url,
    region: "us-east-1",
    credentials: EXAMPLE_CREDENTIALS,
    requestHandler: {
      connectionTimeout: REQUEST_TIMEOUT_MS,
      socketTimeout: REQUEST_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}

/** Both libraries, each with its own client and secret, loaded and then past their TTL. */
async function expiredReaders(credchain: Credchain, emulator: SecretsManagerEmulator) {
  const clients = [sdkClient(emulator.url), sdkClient(emulator.url)] as const;
  const store = credchain.createSecretStore({
    client: clients[0],
    env: {},
    ttlMs: TTL_MS,
    refreshAheadMs: 0,
  });
  const provider = new SecretsProvider({ awsSdkV3Client: clients[1] });
  const ours = () => store.get("bench/credchain");
  const theirs = () => provider.get("bench/powertools", { maxAge: TTL_MS / 1000 });
  await Promise.all([ours(), theirs()]);
  await sleep(TTL_MS + 10);
  return { store, ours, theirs, destroy: () => clients.forEach((c) => c.destroy()) };
}

interface Answered {
  ms: number;
  ok: boolean;
}

const timed = async (read: () => Promise<unknown>): Promise<Answered> => {
  const t0 = performance.now();
  const ok = await read().then(
    () => true,
    () => false,
  );
  return { ms: performance.now() - t0, ok };
};

async function staleLatency(
  credchain: Credchain,
  emulator: SecretsManagerEmulator,
  mode: "hung" | "throttled",
): Promise<ScenarioResult> {
  const readers = await expiredReaders(credchain, emulator);
  const fault: Fault =
    mode === "hung"
      ? { op: "GetSecretValue", kind: "delay", delayMs: 600_000, times: Infinity }
      : { op: "GetSecretValue", kind: "throttle", times: Infinity };
  emulator.faults.push(fault);
  try {
    const answers = { ours: [] as Promise<Answered>[], theirs: [] as Promise<Answered>[] };
    for (let i = 0; i < STALE_CALLERS; i++) {
      answers.ours.push(timed(readers.ours));
      answers.theirs.push(timed(readers.theirs));
      await sleep(CALLER_GAP_MS);
    }
    const ours = await Promise.all(answers.ours);
    const theirs = await Promise.all(answers.theirs);
    const slowest = (list: Answered[]) => Math.max(...list.map((a) => a.ms));
    const served = (list: Answered[]) => list.filter((a) => a.ok).length;
    return resultRow({
      name: `secret-stale-latency:${mode}`,
      unit: "ms, slowest caller",
      credchain: slowest(ours),
      peer: `${POWERTOOLS} (no stale value: an error)`,
      peerValue: slowest(theirs),
      target: `≤ requestTimeoutMs (${REQUEST_TIMEOUT_MS} ms), stale value served`,
      met: slowest(ours) <= REQUEST_TIMEOUT_MS && served(ours) === STALE_CALLERS,
      note: `Every GetSecretValue ${mode === "hung" ? "hangs (each SDK attempt ends at the 1 s timeout)" : "is throttled"} once the TTL (${TTL_MS} ms) has ended; ${STALE_CALLERS} callers per library, one every ${CALLER_GAP_MS} ms; SDK default retries (3 attempts), 1 s timeouts on both clients. credchain: ${served(ours)}/${STALE_CALLERS} answered with the stale value. Powertools: ${served(theirs)}/${STALE_CALLERS} answered, the rest an error after ${round3(Math.min(...theirs.map((a) => a.ms)))}–${round3(slowest(theirs))} ms.`,
    });
  } finally {
    emulator.faults.clear();
    readers.destroy();
  }
}

/** Most refreshes credchain's backoff allows in `ms` (each step at its shortest, half of 1 s, 2 s, …). */
function mostRefreshes(ms: number): number {
  let at = 0;
  let refreshes = 1; // the one the TTL's end starts
  for (let step = 1000; ; step = Math.min(step * 2, 300_000)) {
    at += step / 2;
    if (at > ms) return refreshes;
    refreshes += 1;
  }
}

async function storm(
  credchain: Credchain,
  emulator: SecretsManagerEmulator,
  durationMs: number,
): Promise<ScenarioResult> {
  const readers = await expiredReaders(credchain, emulator);
  emulator.faults.push({ op: "GetSecretValue", kind: "500", times: Infinity });
  emulator.resetCalls();
  const requests = (secret: string) =>
    emulator.calls.filter((c) => c.op === "GetSecretValue" && c.secretIds[0] === secret).length;
  try {
    const pending: Promise<unknown>[] = [];
    let gets = 0;
    let servedStale = 0;
    const until = performance.now() + durationMs;
    while (performance.now() < until) {
      gets += 1;
      pending.push(
        readers.ours().then(
          () => (servedStale += 1),
          () => undefined,
        ),
        readers.theirs().catch(() => undefined),
      );
      await sleep(TRAFFIC_GAP_MS);
    }
    const ours = requests("bench/credchain");
    const theirs = requests("bench/powertools");
    await Promise.allSettled(pending);
    const perMinute = (n: number) => (n * 60_000) / durationMs;
    const allowed = 3 * mostRefreshes(durationMs);
    return resultRow({
      name: "secret-storm",
      unit: "requests/min, one secret",
      credchain: perMinute(ours),
      peer: `${POWERTOOLS}, maxAge 1 s`,
      peerValue: perMinute(theirs),
      target: `backoff: ≤ ${allowed} requests in ${durationMs / 1000} s (${allowed / 3} refreshes × 3 SDK attempts)`,
      met: ours <= allowed && servedStale === gets,
      note: `Every GetSecretValue answers 500 once the TTL has ended; ${gets} gets per library over ${durationMs / 1000} s (one every ${TRAFFIC_GAP_MS} ms); requests counted at the emulator (SDK retries included): credchain ${ours}, Powertools ${theirs}. credchain answered ${servedStale}/${gets} gets with the stale value; Powertools' failed.`,
    });
  } finally {
    emulator.faults.clear();
    readers.destroy();
  }
}

export async function secretFailureScenarios(
  credchain: Credchain,
  config: BenchConfig,
): Promise<ScenarioResult[]> {
  const emulator = await startSecretsManagerEmulator({
    secrets: { "bench/credchain": { api_key: "sk-bench-a" }, "bench/powertools": "sk-bench-b" },
  });
  try {
    return [
      await staleLatency(credchain, emulator, "hung"),
      await staleLatency(credchain, emulator, "throttled"),
      await storm(credchain, emulator, config.rounds >= 5 ? 60_000 : 10_000),
    ];
  } finally {
    await emulator.close();
  }
}
