// Issue 13's drill for an LLM API key held in Secrets Manager: mid-run the secret gets a new key and
// the OpenAI-shaped endpoint accepts only that one, while 50 workers per caller send chat
// completions through the real `openai` SDK. See llmKeyDrill.ts for the callers.
import { describe, expect, it } from "vitest";
import * as credchain from "../../src/index.js";
import { runLlmKeyDrill, type LlmKeyDrillReport } from "./llmKeyDrill.js";

let running: Promise<LlmKeyDrillReport> | undefined;
/** One 2 s drill for every test here; the first test to ask runs it. */
const drill = () => (running ??= runLlmKeyDrill(credchain));

describe("rotating an OpenAI key held in Secrets Manager under load (50 workers, 2 s, openai SDK)", () => {
  it("through llmFetch, no request fails for the caller", async () => {
    const { callers, service, recoveryMs } = await drill();

    expect(callers.credchain).toMatchObject({ failures: 0, healed: true });
    // The rotation did bite: requests with the old key were refused, then retried.
    expect(service.credchain.refused).toBeGreaterThan(0);
    expect(service.credchain.acceptedWithNewKey).toBeGreaterThan(0);
    expect(recoveryMs.credchain).not.toBeNull();
  });

  it("reads the secret once more, and sends each refused request once more", async () => {
    const { callers, service, sent, getSecretValue } = await drill();

    expect(getSecretValue).toBe(2); // the first load, then one read of the new key
    expect(service.credchain.refusedWithOldKey).toBe(service.credchain.refused);
    // The warm-up, every request the caller made, and one retry per refusal.
    expect(sent.credchain).toBe(1 + callers.credchain!.requests + service.credchain.refused);
  });

  it("a client built with the key once fails every request after the rotation, until a restart", async () => {
    const { callers, service, recoveryMs } = await drill();

    expect(callers.builtOnce!.failures).toBeGreaterThan(0);
    expect(callers.builtOnce).toMatchObject({ failuresBeforeRotation: 0, healed: false });
    expect(Object.keys(callers.builtOnce!.errors)).toEqual(["AuthenticationError"]);
    expect(service.builtOnce.acceptedWithNewKey).toBe(0);
    expect(recoveryMs.builtOnce).toBeNull();
  });
});
