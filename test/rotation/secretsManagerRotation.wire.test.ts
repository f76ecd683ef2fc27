// Issue 13's drill: a key pair held in Secrets Manager is rotated and the old key revoked while 50
// workers per caller keep calling Bedrock Runtime (and Polly, on credchain's chain). See
// secretsManagerDrill.ts for the callers.
import { describe, expect, it } from "vitest";
import * as credchain from "../../src/index.js";
import { runSecretsManagerDrill, type SecretsManagerDrillReport } from "./secretsManagerDrill.js";

let running: Promise<SecretsManagerDrillReport> | undefined;
/** One 2 s drill for every test here; the first test to ask runs it. */
const drill = () => (running ??= runSecretsManagerDrill(credchain));

describe("rotating a Secrets Manager key pair under load (50 workers, 2 s, Bedrock Runtime)", () => {
  it("with the plugin, no request fails for the caller", async () => {
    const { callers, service, newKeyId } = await drill();

    expect(callers.credchain).toMatchObject({ failures: 0, healed: true });
    expect(callers["credchain-polly"]).toMatchObject({ failures: 0, healed: true });
    expect(callers.credchain!.requests).toBeGreaterThanOrEqual(50);
    // The rotation did bite: requests signed with the old key were refused, then retried.
    expect(service.credchain.refused).toBeGreaterThan(0);
    expect(service.credchain.acceptedWithNewKey).toBeGreaterThan(0);
    expect(newKeyId).toMatch(/^AKIA/);
  });

  it("recovers with one extra GetSecretValue for both of its clients, retrying every refused request once", async () => {
    const { getSecretValue, refreshes, plugin, service, polly } = await drill();

    expect(getSecretValue.credchain).toBe(2); // the first load, then one read of the new version
    expect(refreshes.map((e) => e.reason)).toEqual(["auth-failure"]);
    // Every request Bedrock or Polly refused was refused for the old key and retried once, successfully.
    expect(service.credchain.refusedWithOldKey).toBe(service.credchain.refused);
    expect(polly.refusedWithOldKey).toBe(polly.refused);
    expect(polly.acceptedWithNewKey).toBeGreaterThan(0);
    expect(plugin).toEqual({
      recovered: service.credchain.refused + polly.refused,
      sameIdentity: 0,
      failedAgain: 0,
      notRetried: 0,
      recoveryFailed: 0,
    });
  });

  it("heals within one Secrets Manager round trip: one read between the first refusal and the first request the new key carries", async () => {
    const { heal } = await drill();

    // Ordered on the services' own arrival clock: no TTL, backoff or second read in between, so
    // the time without a working key is that one read plus the retried request (the bench
    // reports it against the probe's GetSecretValue latency under the same load).
    expect(heal.rereadsMs).toHaveLength(1);
    expect(heal.firstRefusalMs).not.toBeNull();
    expect(heal.rereadsMs[0]).toBeGreaterThanOrEqual(heal.firstRefusalMs!);
    expect(heal.firstAcceptedWithNewKeyMs).toBeGreaterThanOrEqual(heal.rereadsMs[0]!);
  });

  it("without the plugin, a client that memoizes the secret's key fails every request after the revocation (until a restart)", async () => {
    const { callers, getSecretValue, recoveryMs } = await drill();

    expect(recoveryMs.sdk).toBeNull();
    expect(callers.sdk!.failures).toBeGreaterThan(0);
    expect(callers.sdk).toMatchObject({ failuresBeforeRotation: 0, healed: false });
    expect(Object.keys(callers.sdk!.errors)).toEqual(["UnrecognizedClientException"]);
    expect(getSecretValue.sdk).toBe(1);
  });

  it("Powertools' cached getSecret fails until its maxAge expires, then heals", async () => {
    const { callers, getSecretValue } = await drill();

    expect(callers.powertools!.failures).toBeGreaterThan(0);
    expect(callers.powertools).toMatchObject({ failuresBeforeRotation: 0, healed: true });
    // The first load, then at least one read after the expiry (one per worker that found it expired).
    expect(getSecretValue.powertools).toBeGreaterThanOrEqual(2);
  });
});
