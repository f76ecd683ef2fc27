// Parameter Store scenarios against Powertools for AWS Lambda's SSM provider: a cold burst on one
// parameter (single flight) and the preload of 100 parameters (GetParameters, 10 names a call).
// Both libraries talk to the same SSMClient class, whose `send` aws-sdk-client-mock replaces for
// every instance: no request leaves the process. credchain is given its client explicitly.
import { clearCaches } from "@aws-lambda-powertools/parameters";
import { getParameter, getParametersByName } from "@aws-lambda-powertools/parameters/ssm";
import { GetParameterCommand, GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { setTimeout as sleep } from "node:timers/promises";
import { median, resultRow, type ScenarioResult } from "../harness.js";
import type { Credchain } from "../loadCredchain.js";

const VALUE = JSON.stringify({ api_key: "sk-bench-0000000000000000000000000000" });
const BURST_CALLERS = 1000;
const BURST_ROUNDS = 3;
const PRELOAD_PARAMETERS = 100;
const LATENCY_MS = 20;

const mockSsm = () => mockClient(SSMClient);
type SsmMock = ReturnType<typeof mockSsm>;

function ssmMock(): SsmMock {
  const mock = mockSsm();
  const parameter = (name: string) => ({
    Name: name,
    Type: "SecureString" as const,
    Value: VALUE,
    Version: 1,
    ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
  });
  mock.on(GetParameterCommand).callsFake(async (input: { Name?: string }) => {
    await sleep(LATENCY_MS);
    return { Parameter: parameter(input.Name ?? "") };
  });
  mock.on(GetParametersCommand).callsFake(async (input: { Names?: string[] }) => {
    await sleep(LATENCY_MS);
    return { Parameters: (input.Names ?? []).map(parameter), InvalidParameters: [] };
  });
  return mock;
}

const calls = (mock: SsmMock) => ({
  get: mock.commandCalls(GetParameterCommand).length,
  batch: mock.commandCalls(GetParametersCommand).length,
});

export async function parameterScenarios(credchain: Credchain): Promise<ScenarioResult[]> {
  const mock = ssmMock();
  const ssmClient = new SSMClient({ region: "us-east-1" });
  const newStore = () =>
    credchain.createSecretStore({ ssmClient, useSecretsManager: true, ttlMs: 300_000, env: {} });
  try {
    // ── ssm-burst-cold-get ───────────────────────────────────────────────────────
    const ours: number[] = [];
    const theirs: number[] = [];
    const ourMs: number[] = [];
    const theirMs: number[] = [];
    for (let round = 0; round < BURST_ROUNDS; round++) {
      const store = newStore();
      mock.resetHistory();
      let start = performance.now();
      const values = await Promise.all(
        Array.from({ length: BURST_CALLERS }, () => store.get("ssm:/prod/llm/openai")),
      );
      ourMs.push(performance.now() - start);
      if (values.some((v) => typeof v !== "object")) throw new Error("ssm burst: credchain value");
      ours.push(calls(mock).get);

      clearCaches();
      mock.resetHistory();
      start = performance.now();
      await Promise.all(
        Array.from({ length: BURST_CALLERS }, () =>
          getParameter("/prod/llm/openai", { decrypt: true, maxAge: 300 }),
        ),
      );
      theirMs.push(performance.now() - start);
      theirs.push(calls(mock).get);
    }
    const burst = resultRow({
      name: "ssm-burst-cold-get",
      unit: "API calls",
      credchain: median(ours),
      peer: "@aws-lambda-powertools/parameters getParameter (SSMProvider)",
      peerValue: median(theirs),
      target: `credchain 1 GetParameter for ${BURST_CALLERS} concurrent cold gets`,
      met: median(ours) === 1,
      note: `${BURST_CALLERS} concurrent get("ssm:/prod/llm/openai") on an empty cache, ${LATENCY_MS} ms mocked latency, median of ${BURST_ROUNDS} rounds; wall time credchain ${median(ourMs).toFixed(1)} ms, Powertools ${median(theirMs).toFixed(1)} ms.`,
    });

    // ── ssm-preload ──────────────────────────────────────────────────────────────
    const paths = Array.from({ length: PRELOAD_PARAMETERS }, (_, i) => `/prod/tenant-${i}/api`);
    const store = newStore();
    mock.resetHistory();
    let start = performance.now();
    const preloaded = await store.preload(paths.map((p) => `ssm:${p}`));
    const ourPreMs = performance.now() - start;
    if (preloaded.loaded.length !== PRELOAD_PARAMETERS)
      throw new Error("ssm preload: not all loaded");
    const ourCalls = calls(mock);
    for (const path of paths) await store.get(`ssm:${path}`);
    if (calls(mock).get !== 0) throw new Error("ssm preload: a get after preload called the API");

    clearCaches();
    mock.resetHistory();
    start = performance.now();
    await getParametersByName(Object.fromEntries(paths.map((p) => [p, {}])), {
      decrypt: true,
      maxAge: 300,
    });
    const theirPreMs = performance.now() - start;
    const theirCalls = calls(mock);
    const preload = resultRow({
      name: "ssm-preload",
      unit: "API calls",
      credchain: ourCalls.batch + ourCalls.get,
      peer: `@aws-lambda-powertools/parameters getParametersByName ×${PRELOAD_PARAMETERS}`,
      peerValue: theirCalls.batch + theirCalls.get,
      target: `${PRELOAD_PARAMETERS / 10} GetParameters calls for ${PRELOAD_PARAMETERS} parameters`,
      met: ourCalls.batch === PRELOAD_PARAMETERS / 10 && ourCalls.get === 0,
      note: `credchain: ${ourCalls.batch} GetParameters (10 names each, 4 in flight) in ${ourPreMs.toFixed(1)} ms; Powertools: ${theirCalls.batch} GetParameters + ${theirCalls.get} GetParameter in ${theirPreMs.toFixed(1)} ms (${LATENCY_MS} ms mocked latency per call).`,
    });
    return [burst, preload];
  } finally {
    mock.restore();
    clearCaches();
  }
}
