// The secret store around its TTL: who waits (only a cold get), what is served while a refresh
// runs or Secrets Manager fails, how often a failing secret is asked, and what invalidate drops.
// Secrets Manager is a mocked client whose answers each test releases; time is faked.
import { setImmediate as realImmediate } from "node:timers";
import {
  GetSecretValueCommand,
  InternalServiceError,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSecretStore } from "../../src/index.js";
import type { SecretStoreOptions } from "../../src/index.js";

const sm = mockClient(SecretsManagerClient);

/** Lets every callback already queued run (the mocked client answers in promise callbacks). */
const drain = () => new Promise<void>((resolve) => realImmediate(resolve));

/** Whether `promise` settled once the queued callbacks ran: a get that waits for the backend has not. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await drain();
  return settled;
}

interface HeldCall {
  secretId: string;
  at: number;
  answer: () => void;
  fail: (error: Error) => void;
}

/**
 * A Secrets Manager that answers `v<n>` (version `id-<n>`) for every secret, but only when the
 * test says so while `holding`; counts calls and the most ever in flight at once.
 */
function scriptedSecretsManager() {
  const state = { version: 1, holding: false, inFlight: 0, maxInFlight: 0, calls: 0 };
  const held: HeldCall[] = [];
  sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    state.calls += 1;
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const version = state.version;
    const response = { SecretString: `v${version}`, VersionId: `id-${version}` };
    const done = () => (state.inFlight -= 1);
    if (!state.holding) {
      done();
      return Promise.resolve(response);
    }
    return new Promise((resolve, reject) => {
      held.push({
        secretId: input.SecretId,
        at: Date.now(),
        answer: () => (done(), resolve(response)),
        fail: (error) => (done(), reject(error)),
      });
    });
  });
  return {
    state,
    held,
    answerAll: () => held.splice(0).forEach((call) => call.answer()),
  };
}

const serverError = () =>
  new InternalServiceError({ message: "internal error", $metadata: { httpStatusCode: 500 } });

function store(options: SecretStoreOptions = {}) {
  return createSecretStore({
    client: new SecretsManagerClient({ region: "us-east-1" }),
    env: {},
    ...options,
  });
}

beforeEach(() => {
  sm.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("across the TTL's end", () => {
  it("answers every get at once with the last value while one refresh runs, then serves the new one", async () => {
    // Prepare
    vi.useFakeTimers();
    const backend = scriptedSecretsManager();
    const secrets = store({ ttlMs: 60_000, refreshAheadMs: 0 });
    await secrets.get("db");
    backend.state.version = 2;
    backend.state.holding = true;
    vi.advanceTimersByTime(60_000);

    // Act
    const gets = Array.from({ length: 1000 }, () => secrets.lookup("db"));
    const allAtOnce = await settledNow(Promise.all(gets));
    const heldWhileServed = backend.held.length;
    backend.answerAll();
    await drain();
    const after = await secrets.lookup("db");

    // Assess
    expect(allAtOnce).toBe(true);
    expect(heldWhileServed).toBe(1);
    const answers = await Promise.all(gets);
    expect(new Set(answers.map((a) => JSON.stringify([a.value, a.stale, a.staleReason])))).toEqual(
      new Set([JSON.stringify(["v1", true, "refreshing"])]),
    );
    expect(after).toMatchObject({ value: "v2", stale: false, versionId: "id-2" });
    expect(after.staleReason).toBeUndefined();
    expect(backend.state.calls).toBe(2);
    expect(secrets.stats()).toMatchObject({ staleServed: 1000, apiCalls: 2, inFlight: 0 });
  });

  it("makes a cold get wait for Secrets Manager", async () => {
    const backend = scriptedSecretsManager();
    backend.state.holding = true;
    const secrets = store();

    const cold = secrets.get("db");
    await vi.waitFor(() => expect(backend.held).toHaveLength(1));
    const settledBeforeAnswer = await settledNow(cold);
    backend.answerAll();

    expect(settledBeforeAnswer).toBe(false);
    expect(await cold).toBe("v1");
  });

  it.each([
    ["maxStaleMs is 0", { ttlMs: 60_000, maxStaleMs: 0 }, 60_000],
    ["the value is older than ttlMs + maxStaleMs", { ttlMs: 60_000, maxStaleMs: 30_000 }, 90_000],
  ])("makes a get wait for the refresh when %s", async (_when, options, age) => {
    // Prepare
    vi.useFakeTimers();
    const backend = scriptedSecretsManager();
    const secrets = store({ ...options, refreshAheadMs: 0 });
    await secrets.get("db");
    backend.state.version = 2;
    backend.state.holding = true;
    vi.advanceTimersByTime(age);

    // Act
    const get = secrets.lookup("db");
    const settledBeforeAnswer = await settledNow(get);
    backend.answerAll();

    // Assess
    expect(settledBeforeAnswer).toBe(false);
    expect(await get).toMatchObject({ value: "v2", stale: false });
    expect(secrets.stats().staleServed).toBe(0);
  });
});

describe("ttlMs 0", () => {
  it("makes every get wait for its shared call, and serves the last value only when that call fails", async () => {
    // Prepare
    const backend = scriptedSecretsManager();
    const secrets = store({ ttlMs: 0 });
    await secrets.get("db");
    backend.state.version = 2;
    backend.state.holding = true;

    // Act
    const waiting = secrets.lookup("db");
    const settledBeforeAnswer = await settledNow(waiting);
    backend.answerAll();
    const fresh = await waiting;
    const failing = secrets.lookup("db");
    await vi.waitFor(() => expect(backend.held).toHaveLength(1));
    backend.held.splice(0).forEach((call) => call.fail(serverError()));

    // Assess
    expect(settledBeforeAnswer).toBe(false);
    expect(fresh).toMatchObject({ value: "v2", stale: false });
    expect(await failing).toMatchObject({ value: "v2", stale: true, staleReason: "unavailable" });
  });
});

describe("refreshAheadMs", () => {
  it("keeps every get after the first on a fresh value under steady traffic, none waiting", async () => {
    // Prepare: TTL 10 s, refreshed 2 s ahead; Secrets Manager takes 500 ms to answer.
    vi.useFakeTimers();
    const backend = scriptedSecretsManager();
    backend.state.holding = true;
    const secrets = store({ ttlMs: 10_000, refreshAheadMs: 2_000 });
    const first = secrets.get("db");
    await vi.waitFor(() => expect(backend.held).toHaveLength(1));
    backend.answerAll();
    await first;

    // Act: a get every 100 ms for a minute, alternating the hot path and lookup.
    const waited: number[] = [];
    const stale: number[] = [];
    for (let t = 100; t <= 60_000; t += 100) {
      vi.advanceTimersByTime(100);
      for (const call of backend.held.filter((c) => Date.now() - c.at >= 500)) {
        backend.held.splice(backend.held.indexOf(call), 1);
        call.answer();
      }
      await drain();
      const answer = t % 200 === 0 ? secrets.get("db") : secrets.lookup("db");
      if (!(await settledNow(answer))) waited.push(t);
      const found = await answer;
      if (typeof found === "object" && found !== null && "stale" in found && found.stale)
        stale.push(t);
    }

    // Assess: a refresh starts once a value is 8 s old and lands 500 ms later, so one call every
    // 8.5 s: at 0, 8 s, 16.5 s, 25 s, 33.5 s, 42 s, 50.5 s and 59 s.
    expect(waited).toEqual([]);
    expect(stale).toEqual([]);
    expect(backend.state.calls).toBe(8);
    expect(backend.state.maxInFlight).toBe(1);
    expect(secrets.stats()).toMatchObject({ misses: 1, staleServed: 0, refreshedAhead: 7 });
  });

  it("starts no call before the TTL ends when it is 0", async () => {
    vi.useFakeTimers();
    const backend = scriptedSecretsManager();
    const secrets = store({ ttlMs: 10_000, refreshAheadMs: 0 });
    await secrets.get("db");
    vi.advanceTimersByTime(9_999);
    await secrets.get("db");
    await drain();
    expect(backend.state.calls).toBe(1);
    expect(secrets.stats().refreshedAhead).toBe(0);
  });
});

describe("backoff while Secrets Manager fails", () => {
  // Steps of 1 s doubling to the 5-minute cap; "equal jitter" waits between half and all of a step.
  const STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000);

  it.each([
    ["0: half of each step", 0, 0.5],
    ["just under 1: all of each step", 0.999_999, 1],
  ])(
    "retries a failing secret after 1 s, 2 s, 4 s … capped at 5 minutes, with Math.random() at %s",
    async (_label, random, share) => {
      // Prepare
      vi.useFakeTimers();
      vi.spyOn(Math, "random").mockReturnValue(random);
      const backend = scriptedSecretsManager();
      const secrets = store({ ttlMs: 1_000, maxStaleMs: 24 * 3_600_000, refreshAheadMs: 0 });
      await secrets.get("db");
      sm.on(GetSecretValueCommand).callsFake(() => {
        backend.state.calls += 1;
        return Promise.reject(serverError());
      });
      vi.advanceTimersByTime(1_000);
      await secrets.get("db"); // stale; its refresh fails: the first step starts now
      await drain();

      // Act / Assess: no call until a step has passed, one call when it has.
      for (const [n, step] of STEPS.entries()) {
        const wait = Math.ceil(step * share);
        const callsBefore = backend.state.calls;
        vi.advanceTimersByTime(wait - 1);
        expect(await secrets.get("db")).toBe("v1");
        await drain();
        expect({ step: n + 1, calls: backend.state.calls }).toEqual({
          step: n + 1,
          calls: callsBefore,
        });
        vi.advanceTimersByTime(1);
        expect(await secrets.get("db")).toBe("v1");
        await drain();
        expect({ step: n + 1, calls: backend.state.calls }).toEqual({
          step: n + 1,
          calls: callsBefore + 1,
        });
      }
      expect(secrets.stats().apiErrors).toBe(STEPS.length + 1);
    },
  );

  it("asks for a failing secret one call at a time under steady traffic, a few times in 10 minutes", async () => {
    // Prepare: every call fails after 300 ms; a get every 100 ms.
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const backend = scriptedSecretsManager();
    const secrets = store({ ttlMs: 1_000, maxStaleMs: 3_600_000, refreshAheadMs: 0 });
    await secrets.get("db");
    backend.state.holding = true;

    // Act
    const values = new Set<unknown>();
    for (let t = 0; t < 600_000; t += 100) {
      vi.advanceTimersByTime(100);
      for (const call of backend.held.filter((c) => Date.now() - c.at >= 300)) {
        backend.held.splice(backend.held.indexOf(call), 1);
        call.fail(serverError());
      }
      await drain();
      values.add(await secrets.get("db"));
    }

    // Assess: the first load, the refresh at the TTL's end, then one retry per backoff step. At
    // Math.random() 0.5 a step waits 3/4 of 1, 2, 4 … 256 s (383 s in all, plus 0.3 s per failing
    // call and up to 0.1 s until the next get), so the next, capped step (225 s) ends past 10 minutes.
    expect(values).toEqual(new Set(["v1"]));
    expect(backend.state.maxInFlight).toBe(1);
    expect(backend.state.calls).toBe(2 + 9);
  });

  it("serves the last value at once while Secrets Manager fails, and the new one once it answers", async () => {
    // Prepare
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const backend = scriptedSecretsManager();
    const secrets = store({ ttlMs: 60_000, maxStaleMs: 600_000, refreshAheadMs: 0 });
    await secrets.get("db");
    backend.state.holding = true;
    vi.advanceTimersByTime(60_000);

    // Act
    const whileRefreshing = await secrets.lookup("db");
    await drain(); // the refresh behind it reaches Secrets Manager, which fails it
    backend.held.splice(0).forEach((call) => call.fail(serverError()));
    await drain();
    const whileFailing = await secrets.lookup("db"); // in backoff: no call
    backend.state.holding = false;
    backend.state.version = 2;
    vi.advanceTimersByTime(500); // the first step, at Math.random() 0
    const retrying = await secrets.lookup("db");
    await drain();
    const recovered = await secrets.lookup("db");

    // Assess
    expect(whileRefreshing).toMatchObject({ value: "v1", stale: true, staleReason: "refreshing" });
    expect(whileFailing).toMatchObject({ value: "v1", stale: true, staleReason: "unavailable" });
    expect(retrying).toMatchObject({ value: "v1", stale: true, staleReason: "unavailable" });
    expect(recovered).toMatchObject({ value: "v2", stale: false });
    expect(backend.state.calls).toBe(3);
  });
});

describe("invalidate", () => {
  it("keeps caching another secret whose fetch was in flight", async () => {
    // Prepare
    const backend = scriptedSecretsManager();
    const secrets = store();
    await secrets.get("b");
    backend.state.holding = true;
    const a = secrets.get("a");
    await vi.waitFor(() => expect(backend.held).toHaveLength(1));

    // Act
    secrets.invalidate("b");
    backend.answerAll();
    await a;
    await secrets.get("a");

    // Assess
    expect(backend.state.calls).toBe(2); // b once, a once
  });

  it("drops the answer of a fetch of that secret that was in flight", async () => {
    const backend = scriptedSecretsManager();
    backend.state.holding = true;
    const secrets = store();
    const first = secrets.get("a");
    await vi.waitFor(() => expect(backend.held).toHaveLength(1));
    secrets.invalidate("a");
    backend.state.holding = false;
    backend.answerAll();
    await first;
    await secrets.get("a");
    expect(backend.state.calls).toBe(2);
  });
});
