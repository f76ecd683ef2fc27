// Secret scenarios against Powertools for AWS Lambda's parameters utility: burst-cold-get,
// cached-get and preload. Both libraries talk to the same SecretsManagerClient class, whose `send`
// aws-sdk-client-mock replaces for every instance: no request leaves the process.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { clearCaches } from "@aws-lambda-powertools/parameters";
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import { median, nsPerCall, resultRow, type BenchConfig, type ScenarioResult } from "../harness.js";
import type { Credchain } from "../loadCredchain.js";
import { mockCalls as calls, secretsMock } from "./secretsMock.js";

const POWERTOOLS = "@aws-lambda-powertools/parameters getSecret";
/** Callers of the burst; secrets in the preload. */
const BURST_CALLERS = 1000;
const PRELOAD_SECRETS = 100;
const BURST_ROUNDS = 3;

export async function secretScenarios(
  credchain: Credchain,
  config: BenchConfig,
): Promise<ScenarioResult[]> {
  let latency = 20;
  const mock = secretsMock(() => latency);
  const client = new SecretsManagerClient({ region: "us-east-1" });
  const newStore = () =>
    credchain.createSecretStore({ client, ttlMs: 300_000, env: {}, maxEntries: 1000 });
  try {
    // ── burst-cold-get ───────────────────────────────────────────────────────────
    const ours: number[] = [];
    const theirs: number[] = [];
    const ourMs: number[] = [];
    const theirMs: number[] = [];
    for (let round = 0; round < BURST_ROUNDS; round++) {
      const store = newStore();
      mock.resetHistory();
      let start = performance.now();
      const values = await Promise.all(
        Array.from({ length: BURST_CALLERS }, () => store.get("prod/llm/openai")),
      );
      ourMs.push(performance.now() - start);
      if (values.some((v) => typeof v !== "object")) throw new Error("burst: credchain value");
      ours.push(calls(mock).get);
      if (store.stats().apiCalls !== calls(mock).get) {
        throw new Error("burst: credchain's apiCalls counter disagrees with the mock");
      }

      clearCaches();
      mock.resetHistory();
      start = performance.now();
      await Promise.all(
        Array.from({ length: BURST_CALLERS }, () => getSecret("prod/llm/openai", { maxAge: 300 })),
      );
      theirMs.push(performance.now() - start);
      theirs.push(calls(mock).get);
    }
    const burst = resultRow({
      name: "burst-cold-get",
      unit: "API calls",
      credchain: median(ours),
      peer: POWERTOOLS,
      peerValue: median(theirs),
      target: `credchain 1 call for ${BURST_CALLERS} concurrent cold gets`,
      met: median(ours) === 1,
      note: `${BURST_CALLERS} concurrent get() of one secret on an empty cache, 20 ms mocked latency, median of ${BURST_ROUNDS} rounds; wall time credchain ${median(ourMs).toFixed(1)} ms, Powertools ${median(theirMs).toFixed(1)} ms.`,
    });

    // ── cached-get ───────────────────────────────────────────────────────────────
    latency = 0;
    const store = newStore();
    clearCaches();
    mock.resetHistory();
    await store.get("prod/llm/openai");
    await getSecret("prod/llm/openai", { maxAge: 300, transform: "json" });
    const ns = await nsPerCall(
      {
        credchain: () => store.get("prod/llm/openai"),
        powertools: () => getSecret("prod/llm/openai", { maxAge: 300, transform: "json" }),
      },
      config,
    );
    if (calls(mock).get !== 2) {
      throw new Error(`cached-get: expected 2 API calls (one per library), saw ${calls(mock).get}`);
    }
    const cached = resultRow({
      name: "cached-get",
      unit: "ns/call",
      credchain: ns.credchain!,
      peer: `${POWERTOOLS} (cached, maxAge 300 s, transform json)`,
      peerValue: ns.powertools!,
      target: "ratio ≤ 0.5",
      met: (ratio) => ratio !== null && ratio <= 0.5,
      note: "One JSON secret fetched once, then read from each library's cache (both return the parsed object); 100 awaited gets per sample; no API call during timing.",
    });

    // ── preload ──────────────────────────────────────────────────────────────────
    latency = 20;
    const names = Array.from({ length: PRELOAD_SECRETS }, (_, i) => `prod/tenant-${i}/api`);
    const preStore = newStore();
    mock.resetHistory();
    let start = performance.now();
    const preloaded = await preStore.preload(names);
    const ourPreMs = performance.now() - start;
    if (preloaded.loaded.length !== PRELOAD_SECRETS) throw new Error("preload: not all loaded");
    const ourCalls = calls(mock);
    for (const name of names) await preStore.get(name);
    if (calls(mock).get !== 0) throw new Error("preload: a get after preload called the API");

    clearCaches();
    mock.resetHistory();
    start = performance.now();
    // Powertools' SecretsProvider has no batch read (its getMultiple throws "not implemented").
    await Promise.all(names.map((name) => getSecret(name, { maxAge: 300 })));
    const theirPreMs = performance.now() - start;
    const theirCalls = calls(mock);
    const preload = resultRow({
      name: "preload",
      unit: "API calls",
      credchain: ourCalls.batch + ourCalls.get,
      peer: `${POWERTOOLS} ×${PRELOAD_SECRETS} (GetSecretValue)`,
      peerValue: theirCalls.get + theirCalls.batch,
      target: `${PRELOAD_SECRETS / 20} BatchGetSecretValue calls vs ${PRELOAD_SECRETS}`,
      met: ourCalls.batch === PRELOAD_SECRETS / 20 && ourCalls.get === 0,
      note: `credchain: ${ourCalls.batch} BatchGetSecretValue (20 ids each, 4 in flight) in ${ourPreMs.toFixed(1)} ms; Powertools: ${theirCalls.get} GetSecretValue, all concurrent, in ${theirPreMs.toFixed(1)} ms (20 ms mocked latency per call).`,
    });
    return [burst, cached, preload];
  } finally {
    mock.restore();
    clearCaches();
  }
}
