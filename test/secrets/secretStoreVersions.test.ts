// Version stages and IDs (each cached on its own) and onChange (names and version IDs, never
// values), against a mocked Secrets Manager that keeps versions as the service does.
import { setImmediate as realImmediate } from "node:timers";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CredentialConfigError, createSecretStore } from "../../src/index.js";
import type { Logger, SecretChange, SecretStoreOptions } from "../../src/index.js";

const sm = mockClient(SecretsManagerClient);
const CANARY = "canary-5e0d-versions-never-print-me";
const drain = () => new Promise<void>((resolve) => realImmediate(resolve));

/** One secret's versions: `id-<n>` holds `v<n>`; AWSCURRENT is the newest, AWSPREVIOUS the one before. */
function versionedSecret() {
  const state = { newest: 2, pending: undefined as number | undefined };
  const valueOf = (n: number) => (n === 3 ? `v3 ${CANARY}` : `v${n}`);
  sm.on(GetSecretValueCommand).callsFake(
    (input: { SecretId: string; VersionStage?: string; VersionId?: string }) => {
      let n = state.newest;
      if (input.VersionId !== undefined) n = Number(input.VersionId.replace("id-", ""));
      else if (input.VersionStage === "AWSPREVIOUS") n = state.newest - 1;
      else if (input.VersionStage === "AWSPENDING") n = state.pending ?? NaN;
      if (!(n >= 1 && n <= Math.max(state.newest, state.pending ?? 0))) {
        return Promise.reject(
          Object.assign(new Error("no such version"), {
            name: "ResourceNotFoundException",
            $fault: "client",
            $metadata: { httpStatusCode: 400 },
          }),
        );
      }
      return Promise.resolve({ SecretString: valueOf(n), VersionId: `id-${n}` });
    },
  );
  return {
    state,
    rotate: () => {
      state.newest += 1;
      state.pending = undefined;
    },
  };
}

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

function store(options: SecretStoreOptions = {}) {
  return createSecretStore({
    client: new SecretsManagerClient({ region: "us-east-1" }),
    env: {},
    ...options,
  });
}

const requests = () =>
  sm.commandCalls(GetSecretValueCommand).map(({ args }) => {
    const { VersionStage, VersionId } = args[0].input;
    return VersionId ?? VersionStage ?? "(current)";
  });

beforeEach(() => {
  sm.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("get with a version", () => {
  it("reads AWSPREVIOUS, AWSPENDING and a version ID, one call per version, each cached on its own", async () => {
    // Prepare
    const secret = versionedSecret();
    secret.state.pending = 3;
    const secrets = store();

    // Act
    const reads = async () => [
      await secrets.get("db"),
      await secrets.get("db", { versionStage: "AWSCURRENT" }),
      await secrets.get("db", { versionStage: "AWSPREVIOUS" }),
      await secrets.getValue("db", undefined, { versionStage: "AWSPENDING" }),
      (await secrets.lookup("db", { versionId: "id-1" })).versionId,
    ];
    const first = await reads();
    const second = await reads();

    // Assess
    expect(first).toEqual(["v2", "v2", "v1", `v3 ${CANARY}`, "id-1"]);
    expect(second).toEqual(first);
    expect(requests()).toEqual(["(current)", "AWSPREVIOUS", "AWSPENDING", "id-1"]);
  });

  it.each([
    [
      "a misspelled option",
      { versionStag: "AWSPREVIOUS" },
      "`versionStag` (did you mean `versionStage`?)",
    ],
    ["both a stage and an ID", { versionStage: "AWSPREVIOUS", versionId: "id-1" }, "at most one"],
    ["a stage that is not a label", { versionStage: `AWSPREVIOUS ${CANARY}` }, "versionStage"],
    ["null", null, "options must be an object"],
  ])(
    "refuses %s with INVALID_OPTION, without asking or echoing it",
    async (_what, version, says) => {
      versionedSecret();
      const secrets = store();
      const error = (await secrets
        .get("db", version as never)
        .catch((e: unknown) => e)) as CredentialConfigError;
      expect(error).toBeInstanceOf(CredentialConfigError);
      expect(error.code).toBe("INVALID_OPTION");
      expect(error.message).toContain(says);
      expect(error.message).not.toContain(CANARY);
      expect(requests()).toEqual([]);
    },
  );
});

describe("a pinned version ID", () => {
  it("is never refreshed ahead of its TTL nor read again after it: its value cannot change", async () => {
    // Prepare
    vi.useFakeTimers();
    versionedSecret();
    const secrets = store({ ttlMs: 60_000, refreshAheadMs: 10_000 });
    await secrets.get("db", { versionId: "id-1" });
    await secrets.get("db");

    // Act: into the refresh-ahead window, then past the TTL and the stale window.
    vi.advanceTimersByTime(55_000);
    await secrets.get("db", { versionId: "id-1" });
    await secrets.get("db");
    await drain();
    vi.advanceTimersByTime(3_600_000);
    const pinned = await secrets.lookup("db", { versionId: "id-1" });
    await drain();

    // Assess: AWSCURRENT was refreshed ahead; the pinned version was asked once.
    expect(pinned).toMatchObject({ value: "v1", stale: false });
    expect(requests().filter((r) => r === "id-1")).toEqual(["id-1"]);
    expect(requests().filter((r) => r === "(current)").length).toBe(2);
  });

  it("is read again after invalidate", async () => {
    versionedSecret();
    const secrets = store();
    await secrets.get("db", { versionId: "id-1" });
    secrets.invalidate("db");
    await secrets.get("db", { versionId: "id-1" });
    expect(requests()).toEqual(["id-1", "id-1"]);
  });
});

describe("onChange", () => {
  it("tells listeners the name and version IDs when a refresh finds a new version, never the value", async () => {
    // Prepare
    vi.useFakeTimers();
    const secret = versionedSecret();
    const secrets = store({ ttlMs: 60_000, refreshAheadMs: 0 });
    const changes: SecretChange[] = [];
    secrets.onChange("db", (change) => changes.push(change));
    await secrets.get("db");

    // Act
    vi.advanceTimersByTime(60_000);
    await secrets.get("db"); // same version: no change
    await drain();
    secret.rotate();
    vi.advanceTimersByTime(60_000);
    await secrets.get("db"); // the last value, while the refresh reads the new version
    await drain();

    // Assess
    expect(changes).toEqual([
      { name: "db", versionStage: "AWSCURRENT", versionId: "id-3", previousVersionId: "id-2" },
    ]);
    expect(JSON.stringify(changes)).not.toContain(CANARY);
    expect(await secrets.get("db")).toBe(`v3 ${CANARY}`);
  });

  it("tells listeners about a new version read after invalidate", async () => {
    const secret = versionedSecret();
    const secrets = store();
    const changes: SecretChange[] = [];
    secrets.onChange("db", (change) => changes.push(change));
    await secrets.get("db");

    secret.rotate();
    secrets.invalidate("db");
    await secrets.get("db");
    secrets.invalidate();
    await secrets.get("db"); // the same version again: no change

    expect(changes).toEqual([
      { name: "db", versionStage: "AWSCURRENT", versionId: "id-3", previousVersionId: "id-2" },
    ]);
  });

  it("tells listeners about each cached stage that moved, naming the stage", async () => {
    vi.useFakeTimers();
    const secret = versionedSecret();
    const secrets = store({ ttlMs: 60_000, refreshAheadMs: 0 });
    const changes: SecretChange[] = [];
    secrets.onChange("db", (change) => changes.push(change));
    await secrets.get("db");
    await secrets.get("db", { versionStage: "AWSPREVIOUS" });
    await secrets.get("db", { versionId: "id-1" });

    secret.rotate();
    vi.advanceTimersByTime(60_000);
    await secrets.get("db");
    await secrets.get("db", { versionStage: "AWSPREVIOUS" });
    await secrets.get("db", { versionId: "id-1" });
    await drain();

    expect(changes).toEqual([
      { name: "db", versionStage: "AWSCURRENT", versionId: "id-3", previousVersionId: "id-2" },
      { name: "db", versionStage: "AWSPREVIOUS", versionId: "id-2", previousVersionId: "id-1" },
    ]);
  });

  it("stops calling a listener once unsubscribed, and a throwing listener breaks neither the store nor the others", async () => {
    // Prepare
    const secret = versionedSecret();
    const logger = spyLogger();
    const secrets = store({ logger });
    const thrower = vi.fn(() => {
      throw new Error(`listener failed ${CANARY}`);
    });
    const other = vi.fn();
    const unsubscribe = secrets.onChange("db", thrower);
    secrets.onChange("db", other);
    await secrets.get("db");

    // Act
    secret.rotate();
    secrets.invalidate("db");
    const afterThrow = await secrets.get("db");
    unsubscribe();
    secret.rotate();
    secrets.invalidate("db");
    await secrets.get("db");

    // Assess
    expect(afterThrow).toBe(`v3 ${CANARY}`);
    expect(thrower).toHaveBeenCalledTimes(1);
    expect(other.mock.calls.map(([c]) => (c as SecretChange).versionId)).toEqual(["id-3", "id-4"]);
    expect(logger.error).toHaveBeenCalledWith(expect.any(String), { secret: "db" });
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain(CANARY);
  });

  it("refuses a listener that is not a function", () => {
    const secrets = store();
    expect(() => secrets.onChange("db", "reconnect" as never)).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
});
