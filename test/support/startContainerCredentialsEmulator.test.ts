import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { fromContainerMetadata, fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCredentialRegistry } from "./credentialRegistry.js";
import { startContainerCredentialsEmulator } from "./startContainerCredentialsEmulator.js";
import type { ContainerCredentialsEmulator } from "./startContainerCredentialsEmulator.js";
import { startSecretsManagerEmulator } from "./startSecretsManagerEmulator.js";

describe("startContainerCredentialsEmulator", () => {
  const started: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(emulator: T): T => {
    started.push(emulator);
    return emulator;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(started.splice(0).map((e) => e.close()));
  });

  it("serves temporary credentials to fromContainerMetadata through AWS_CONTAINER_CREDENTIALS_FULL_URI", async () => {
    const ecs = track(await startContainerCredentialsEmulator());
    Object.assign(process.env, ecs.env);
    const creds = await fromContainerMetadata({ maxRetries: 0 })();
    expect(creds).toMatchObject({
      accessKeyId: ecs.current.accessKeyId,
      secretAccessKey: ecs.current.secretAccessKey,
      sessionToken: ecs.current.sessionToken,
    });
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.expiration?.getTime()).toBe(ecs.current.expiration?.getTime());
    expect(ecs.callCount("GetCredentials")).toBe(1);
  });

  it("requires the configured authorization token", async () => {
    const ecs = track(await startContainerCredentialsEmulator({ authToken: "task-token-123" }));
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = ecs.url;
    await expect(fromContainerMetadata({ maxRetries: 0 })()).rejects.toThrow();
    expect(ecs.calls[0]).toMatchObject({ authorized: false, status: 401 });

    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = "task-token-123";
    await expect(fromContainerMetadata({ maxRetries: 0 })()).resolves.toMatchObject({
      accessKeyId: ecs.current.accessKeyId,
    });
    expect(ecs.calls[1]).toMatchObject({ authorized: true, status: 200 });
  });

  it("feeds the SDK default chain, whose credentials then verify at an emulator sharing the registry", async () => {
    const registry = createCredentialRegistry();
    const ecs = track(await startContainerCredentialsEmulator({ registry, authToken: "t" }));
    const sm = track(await startSecretsManagerEmulator({ registry, secrets: { app: "v" } }));
    Object.assign(process.env, ecs.env);
    const client = new SecretsManagerClient({
      endpoint: sm.url,
      region: "us-east-1",
      credentials: fromNodeProviderChain(),
    });
    await client.send(new GetSecretValueCommand({ SecretId: "app" }));
    client.destroy();
    expect(sm.calls[0]).toMatchObject({
      accessKeyId: ecs.current.accessKeyId,
      hasSessionToken: true,
      status: 200,
    });
  });

  it("serves given credentials, then new ones after rotate()", async () => {
    const ecs = track(
      await startContainerCredentialsEmulator({
        credentials: {
          accessKeyId: "ASIAEMULATORFIXED001",
          secretAccessKey: "fixed-secret",
          sessionToken: "fixed-token",
        },
      }),
    );
    Object.assign(process.env, ecs.env);
    await expect(fromContainerMetadata({ maxRetries: 0 })()).resolves.toMatchObject({
      accessKeyId: "ASIAEMULATORFIXED001",
    });
    const next = ecs.rotate();
    await expect(fromContainerMetadata({ maxRetries: 0 })()).resolves.toMatchObject({
      accessKeyId: next.accessKeyId,
    });
    expect(ecs.registry.get("ASIAEMULATORFIXED001")).toBeDefined();
  });

  it("rotates by itself once less than five minutes of the served set remain", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const ecs = track(await startContainerCredentialsEmulator({ expirationMs: 15 * 60_000 }));
    const first = ecs.current.accessKeyId;
    vi.setSystemTime(Date.now() + 9 * 60_000);
    expect(ecs.current.accessKeyId).toBe(first);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect(ecs.current.accessKeyId).not.toBe(first);
  });

  it.each([
    ["500", 500],
    ["throttle", 429],
  ] as const)("answers a %s fault with HTTP %d, then recovers", async (kind, status) => {
    const ecs: ContainerCredentialsEmulator = track(await startContainerCredentialsEmulator());
    Object.assign(process.env, ecs.env);
    ecs.faults.push({ kind });
    await expect(fromContainerMetadata({ maxRetries: 0 })()).rejects.toThrow();
    await expect(fromContainerMetadata({ maxRetries: 0 })()).resolves.toBeDefined();
    expect(ecs.calls.map((c) => c.status)).toEqual([status, 200]);
  });
});
