// rotation: issue 13's drills, run once each on the built credchain and reported as numbers — what
// the callers saw (errors), what the recovery cost (extra Secrets Manager reads) and how long it
// took (ms on the services' arrival clock), against the SDK's memoized provider, Powertools'
// cached getSecret (maxAge 1 s) and an OpenAI client built with its key once. The test suite
// asserts the same drills structurally (test/rotation/); timings are reported here only.
import { resultRow, type BenchConfig, type ScenarioResult } from "../harness.js";
import type { Credchain } from "../loadCredchain.js";
import { runLlmKeyDrill } from "../../rotation/llmKeyDrill.js";
import {
  POWERTOOLS_MAX_AGE_S,
  runSecretsManagerDrill,
} from "../../rotation/secretsManagerDrill.js";

const SDK = "AWS SDK client, secret read once (memoized provider)";
const POWERTOOLS = `Powertools getSecret (maxAge ${POWERTOOLS_MAX_AGE_S} s)`;

export async function rotationScenarios(
  credchain: Credchain,
  config: BenchConfig,
): Promise<ScenarioResult[]> {
  const durationMs = config.rounds <= 2 ? 1000 : 2000;
  const rotateAtMs = durationMs * 0.3;
  const sm = await runSecretsManagerDrill(credchain, { durationMs, rotateAtMs });
  const llm = await runLlmKeyDrill(credchain, { durationMs, rotateAtMs });
  const load = `${sm.workers} workers per caller for ${durationMs} ms (ran ${Math.round(sm.ranMs)} ms), rotation at ${Math.round(sm.rotatedAtMs)} ms`;
  const c = sm.callers;
  const tally = (name: string) =>
    `${c[name]!.failures} of ${c[name]!.requests} requests failed${c[name]!.healed ? ", healed" : ", not healed"}`;

  return [
    resultRow({
      name: "rotation:secrets-manager:errors",
      unit: "caller-visible errors",
      credchain: c.credchain!.failures + c["credchain-polly"]!.failures,
      peer: SDK,
      peerValue: c.sdk!.failures,
      target: "0 for credchain (the SDK's client fails until a restart)",
      met: c.credchain!.failures === 0 && c["credchain-polly"]!.failures === 0,
      note: `Bedrock Runtime + Polly on one chain and plugin; ${load}. credchain: ${tally("credchain")}; SDK: ${tally("sdk")}.`,
    }),
    resultRow({
      name: "rotation:secrets-manager:errors-vs-powertools",
      unit: "caller-visible errors",
      credchain: c.credchain!.failures + c["credchain-polly"]!.failures,
      peer: POWERTOOLS,
      peerValue: c.powertools!.failures,
      target: "0 for credchain (Powertools fails until its cached secret expires)",
      met: c.credchain!.failures === 0,
      note: `Powertools: ${tally("powertools")}.`,
    }),
    resultRow({
      name: "rotation:secrets-manager:extra-reads",
      unit: "GetSecretValue after the first load",
      credchain: sm.getSecretValue.credchain - 1,
      peer: POWERTOOLS,
      peerValue: sm.getSecretValue.powertools - 1,
      target: "1 for credchain, for both clients",
      met: sm.getSecretValue.credchain === 2,
      note: `SDK: ${sm.getSecretValue.sdk - 1} (it never reads again). Powertools reads once per worker that finds its cache expired.`,
    }),
    resultRow({
      name: "rotation:secrets-manager:recovery",
      unit: "ms from rotation to first request accepted with the new key",
      credchain: sm.recoveryMs.credchain ?? Number.NaN,
      peer: POWERTOOLS,
      peerValue: sm.recoveryMs.powertools,
      target: "report (SDK: never)",
      met: sm.recoveryMs.credchain !== null,
      note: `Bedrock's arrival clock. Includes the wait for a request signed with the old key to reach Bedrock after the revocation; ${sm.recoveryMs.sdk === null ? "the SDK's client did not recover" : `SDK: ${Math.round(sm.recoveryMs.sdk)} ms`}.`,
    }),
    resultRow({
      name: "rotation:secrets-manager:heal-vs-round-trip",
      unit: "ms from first refusal to first request with the new key",
      credchain: sm.heal.healMs ?? Number.NaN,
      peer: "one GetSecretValue round trip under the same load (probe median)",
      peerValue: sm.secretsManagerRoundTripMs,
      target:
        "one read between refusal and recovery (the time is that read plus the retried request)",
      met: sm.heal.rereadsMs.length === 1,
      note: `Arrivals after the rotation: first refusal ${round(sm.heal.firstRefusalMs)} ms, re-read ${sm.heal.rereadsMs.map(round).join(", ")} ms, first new-key success ${round(sm.heal.firstAcceptedWithNewKeyMs)} ms. The ratio is load-bound: on a busy machine each hop waits for a core.`,
    }),
    resultRow({
      name: "rotation:llm-key:errors",
      unit: "caller-visible errors",
      credchain: llm.callers.credchain!.failures,
      peer: "openai client built with the key once",
      peerValue: llm.callers.builtOnce!.failures,
      target: "0 for credchain (llmFetch)",
      met: llm.callers.credchain!.failures === 0,
      note: `OpenAI key in Secrets Manager, openai SDK ${llm.workers} workers per caller; credchain ${llm.callers.credchain!.requests} requests, ${llm.getSecretValue - 1} extra GetSecretValue, ${llm.service.credchain.refused} refused and resent; built-once ${llm.callers.builtOnce!.failures} of ${llm.callers.builtOnce!.requests} failed.`,
    }),
    resultRow({
      name: "rotation:llm-key:recovery",
      unit: "ms from rotation to first request accepted with the new key",
      credchain: llm.recoveryMs.credchain ?? Number.NaN,
      peer: "openai client built with the key once",
      peerValue: llm.recoveryMs.builtOnce,
      target: "report (the built-once client never recovers)",
      met: llm.recoveryMs.credchain !== null && llm.recoveryMs.builtOnce === null,
    }),
  ];
}

const round = (ms: number | null | undefined): string =>
  ms == null ? "—" : String(Math.round(ms));
