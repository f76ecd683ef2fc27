import { afterEach, describe, expect, it, vi } from "vitest";
import { createCredentialChain } from "../../src/index.js";
import { memoizeProvider } from "../../src/internal/memoizeProvider.js";
import {
  createFakeClock,
  expiringCredentials,
  flushPromises,
  memoryLogger,
  sequenceSource,
} from "../../src/testing/index.js";

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("expiringCredentials", () => {
  it("issues distinct temporary credentials expiring relative to now", () => {
    const clock = createFakeClock(new Date("2025-07-01T00:00:00Z"));
    const a = expiringCredentials({ expiresInMs: 15 * MINUTE, now: clock.now });
    const b = expiringCredentials({ now: clock.now() });
    expect(a.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.sessionToken).toBeTruthy();
    expect(a.expiration.toISOString()).toBe("2025-07-01T00:15:00.000Z");
    expect(b.expiration.toISOString()).toBe("2025-07-01T01:00:00.000Z");
  });
});

describe("driving a chain's refresh with fake timers", () => {
  it("keeps serving the current credentials while a background refresh runs, then the new ones", async () => {
    // Prepare
    vi.useFakeTimers({ now: new Date("2025-07-01T00:00:00Z") });
    const first = expiringCredentials({ expiresInMs: 15 * MINUTE });
    const second = expiringCredentials({ expiresInMs: 60 * MINUTE, now: Date.now() + 11 * MINUTE });
    const source = sequenceSource("default-chain", [
      { credentials: first },
      { credentials: second },
    ]);
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [source] });
    expect((await chain.credentials()).accessKeyId).toBe(first.accessKeyId);

    // Act: 11 minutes later, 4 minutes remain — inside the 5-minute refresh window.
    vi.advanceTimersByTime(11 * MINUTE);
    const during = await chain.credentials();
    await flushPromises();
    const after = await chain.credentials();

    // Assess
    expect(during.accessKeyId).toBe(first.accessKeyId);
    expect(after.accessKeyId).toBe(second.accessKeyId);
    expect(source.calls).toBe(2);
  });

  it("serves still-valid credentials when the background refresh fails, and reports it", async () => {
    vi.useFakeTimers({ now: new Date("2025-07-01T00:00:00Z") });
    const first = expiringCredentials({ expiresInMs: 15 * MINUTE });
    const logger = memoryLogger();
    const source = sequenceSource("default-chain", [
      { credentials: first },
      new Error("ThrottlingException"),
    ]);
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [source],
      logger,
    });
    await chain.credentials();

    vi.advanceTimersByTime(11 * MINUTE);
    await chain.credentials();
    await flushPromises();

    expect((await chain.credentials()).accessKeyId).toBe(first.accessKeyId);
    expect(
      logger.entries.some((e) => e.level === "error" && /refresh failed/.test(e.message)),
    ).toBe(true);
  });
});

describe("createFakeClock with memoizeProvider", () => {
  it("refreshes only once the clock reaches the refresh window", async () => {
    const clock = createFakeClock(0);
    let calls = 0;
    const provider = memoizeProvider(
      async () => {
        calls += 1;
        return expiringCredentials({ expiresInMs: 60 * MINUTE, now: clock.now });
      },
      { now: clock.now },
    );
    await provider();
    clock.advance(54 * MINUTE);
    await provider();
    expect(calls).toBe(1);
    clock.advance(2 * MINUTE);
    await provider();
    await flushPromises();
    expect(calls).toBe(2);
  });
});

describe("memoryLogger", () => {
  it("records warnings and never the secret behind them", async () => {
    const logger = memoryLogger();
    const { staticSource, exampleCredentials } = await import("../../src/testing/index.js");
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      logger,
      sources: [
        staticSource("env", { credentials: exampleCredentials, warnings: ["AWS_PROFILE ignored"] }),
      ],
    });
    await chain.resolve();
    expect(logger.entries).toContainEqual({
      level: "warn",
      message: "credchain: AWS_PROFILE ignored",
    });
    expect(logger.text()).not.toContain(exampleCredentials.secretAccessKey);
  });
});
