// The LLM key drill (issue 13), over the wire: OpenAI SDK clients against an OpenAI-shaped loopback
// endpoint, under load, while the key held in Secrets Manager is rotated and the endpoint starts
// accepting only the new one. Two callers run side by side against the same emulators and rotation:
//
// - credchain: `new OpenAI({ fetch: llmFetch("openai") })`, the key read through the chain
//   (USE_SECRETS_MANAGER + OPENAI_SECRET_NAME) and re-read on a 401;
// - built-once: `new OpenAI({ apiKey: (await llmApiKey("openai")).apiKey })`, the key read once at
//   startup, as a client is usually built.
//
// Each asks for its own model, so the endpoint's log tells their requests apart.
import OpenAI from "openai";
import type * as CredchainModule from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { startAwsEmulators } from "../support/startAwsEmulators.js";
import { newOpenAiKey, startLlmEmulator } from "../support/startLlmEmulator.js";
import {
  runDrill,
  serviceRecoveryMs,
  stampArrivals,
  tallyServiceCalls,
  withEnv,
  type DrillReport,
  type ServiceTally,
} from "./drill.js";

/** `credchain` as the tests import it (src) or as the bench does (its build). */
export type Credchain = typeof CredchainModule;

export const LLM_SECRET = "prod/openai";
const MODELS = { credchain: "gpt-4o-mini", builtOnce: "gpt-4o" } as const;
type CallerName = keyof typeof MODELS;

/** What the drill saw, per caller. */
export interface LlmKeyDrillReport extends DrillReport {
  /** GetSecretValue calls credchain's chain made (the first load included). */
  getSecretValue: number;
  /** How the endpoint saw each caller's requests (warm-up included). */
  service: Record<CallerName, ServiceTally>;
  /** Requests each caller sent to the endpoint, warm-up and retries included. */
  sent: Record<CallerName, number>;
  /** From the rotation to the first request accepted with the new key, in ms (`null`: none). */
  recoveryMs: Record<CallerName, number | null>;
}

/** Runs the drill; see the file comment. Starts and closes its own emulators. */
export async function runLlmKeyDrill(
  credchain: Credchain,
  options: { workers?: number; durationMs?: number; rotateAtMs?: number } = {},
): Promise<LlmKeyDrillReport> {
  const old = newOpenAiKey();
  const llm = await startLlmEmulator({ apiKey: old });
  const aws = await startAwsEmulators({
    registry: createCredentialRegistry({ includeExampleKeys: false }),
    secrets: { [LLM_SECRET]: { OPENAI_API_KEY: old } },
  });
  const arrivalOf = stampArrivals(llm.calls);
  try {
    return await withEnv(
      {
        ...aws.env, // the Secrets Manager endpoint, and the task role its client signs with
        AWS_REGION: "us-east-1",
        USE_SECRETS_MANAGER: "true",
        OPENAI_SECRET_NAME: LLM_SECRET,
      },
      async () => {
        const ours = new OpenAI({
          apiKey: "from-credchain",
          baseURL: llm.url,
          fetch: credchain.llmFetch("openai", { envFile: false }),
        });
        const builtOnce = new OpenAI({
          apiKey: (await credchain.llmApiKey("openai", { envFile: false })).apiKey!,
          baseURL: llm.url,
        });
        const readsAtStartup = aws.secretsManager.callCount("GetSecretValue");
        const ask = (client: OpenAI, model: string) => async () =>
          void (await client.chat.completions.create({
            model,
            messages: [{ role: "user", content: "ping" }],
          }));

        let next: string | undefined;
        const drill = await runDrill({
          ...options,
          callers: {
            credchain: ask(ours, MODELS.credchain),
            builtOnce: ask(builtOnce, MODELS.builtOnce),
          },
          rotate: () => {
            next = newOpenAiKey();
            aws.secretsManager.setSecret(LLM_SECRET, { OPENAI_API_KEY: next });
            llm.rotateKey(next);
          },
        });

        const callsOf = (model: string) => llm.calls.filter((c) => c.model === model);
        const service = (model: string) =>
          tallyServiceCalls(callsOf(model), (c) => c.apiKey, { old, next });
        const recovery = (model: string) =>
          serviceRecoveryMs(
            callsOf(model),
            arrivalOf,
            (c) => c.status === 200 && c.apiKey === next,
            drill.rotatedAt,
          );
        return {
          ...drill,
          getSecretValue: aws.secretsManager.callCount("GetSecretValue") - readsAtStartup,
          service: { credchain: service(MODELS.credchain), builtOnce: service(MODELS.builtOnce) },
          sent: {
            credchain: callsOf(MODELS.credchain).length,
            builtOnce: callsOf(MODELS.builtOnce).length,
          },
          recoveryMs: {
            credchain: recovery(MODELS.credchain),
            builtOnce: recovery(MODELS.builtOnce),
          },
        };
      },
    );
  } finally {
    await Promise.all([llm.close(), aws.close()]);
  }
}
