// Typed errors only: whatever hostile value a caller passes to any public entry point of credchain,
// credchain/core or credchain/testing — or to the methods of what they return — the call returns,
// or it fails with a coded CredchainError (thrown or as a rejected promise), within a bound, and
// Object.prototype is left as it was.
//
// CREDCHAIN_PROPERTY_RUNS sets the number of cases per property (npm run test:property: 100 000).
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inspect } from "node:util";
import * as api from "../../src/index.js";
import * as testingApi from "../../src/testing/index.js";
import {
  CALL_BOUND_MS,
  bounded,
  describeError,
  exportedEntries,
  hostileArgs,
  instanceEntries,
  prototypeState,
  type Entry,
} from "./hostile.js";

const RUNS = Number(process.env.CREDCHAIN_PROPERTY_RUNS ?? 250);
const SUITE_TIMEOUT_MS = Math.max(20_000, RUNS * 20);

// ── the properties ────────────────────────────────────────────────────────────

describe("typed errors only (fast-check over every public entry point)", () => {
  const saved = { ...process.env };
  let closedEndpoint = "";
  const protoBefore = prototypeState();

  beforeAll(async () => {
    // Anything that reaches for AWS gets a refused loopback connection at once.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closedEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    process.env.AWS_ENDPOINT_URL = closedEndpoint;
    process.env.AWS_MAX_ATTEMPTS = "1";
    process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  });
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  const check = async (entry: Entry, args: Parameters<typeof bounded>[1]): Promise<void> => {
    const outcome = await bounded(entry, args);
    if (outcome.kind === "hung") {
      throw new Error(`${entry.name} did not settle within ${CALL_BOUND_MS} ms`);
    }
    if (outcome.kind === "threw") {
      const error = outcome.error;
      const coded =
        api.isCredchainError(error) && typeof error.code === "string" && error.code.length > 0;
      if (!coded) {
        throw new Error(
          `${entry.name} ${outcome.async ? "rejected" : "threw"} ${describeError(error)}`,
        );
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  };

  it(
    "every exported function and class returns or fails with a coded CredchainError",
    async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...exportedEntries()), hostileArgs, check), {
        numRuns: RUNS,
      });
      expect(prototypeState()).toBe(protoBefore);
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    "every method of what they return does the same",
    async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...instanceEntries()), hostileArgs, check), {
        numRuns: RUNS,
      });
      expect(prototypeState()).toBe(protoBefore);
    },
    SUITE_TIMEOUT_MS,
  );

  // The escapes an audit's sweep found, kept as examples: each was a TypeError or the raw error.
  const trap = () =>
    new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
        ownKeys: () => {
          throw new Error("trap");
        },
        getOwnPropertyDescriptor: () => {
          throw new Error("trap");
        },
      },
    );
  const getter = () =>
    Object.defineProperty({}, "versionId", {
      enumerable: true,
      get: () => {
        throw new Error("getter");
      },
    });
  const keys = {
    awsAccessKeyId: "AKIAIOSFODNN7EXAMPLE",
    awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  };
  it.each<[string, () => unknown]>([
    ["store.get with a Proxy version", () => api.createSecretStore({ env: {} }).get("x", trap())],
    [
      "store.get with a throwing getter",
      () => api.createSecretStore({ env: {} }).get("x", getter()),
    ],
    ["loadIntoEnv with a Proxy env", () => api.loadIntoEnv({ secretId: "x", env: trap() })],
    [
      "createChainFromEnv with a Proxy env",
      () => api.createChainFromEnv({ env: trap() }).resolve(),
    ],
    [
      "decideCredentials with a Proxy env",
      () => api.decideCredentials({ provider: "openai", env: trap() }),
    ],
    ["decideCredentials(Proxy)", () => api.decideCredentials(trap() as never)],
    [
      "parseSecretPayload({})",
      () =>
        api.parseSecretPayload({} as never, "openai", { source: "local-secret", secretName: "s" }),
    ],
    ["bedrockClientConfig(null)", () => api.bedrockClientConfig(null as never)],
    [
      "rotateCredentials with Proxy options",
      () =>
        api
          .createTenantResolver({ store: api.memoryCredentialStore() })
          .rotateCredentials("acme", "primary", keys, trap()),
    ],
    ["selectProvider(undefined, Proxy)", () => api.selectProvider(undefined, trap())],
    ["resolveRegion(null)", () => api.resolveRegion(null as never)],
    ["resolveModelId(null)", () => api.resolveModelId(null as never)],
    ["localSecretVariable(Symbol())", () => api.localSecretVariable(Symbol("x") as never)],
    ["new StoredCredential(null)", () => new api.StoredCredential(null as never)],
    ["expiringCredentials(null)", () => testingApi.expiringCredentials(null as never)],
    [
      "a fromAdminKey getter that throws",
      () =>
        api
          .createCredentialChain({
            provider: "openai",
            env: {},
            sources: [
              api.fromAdminKey(() => {
                throw new Error("db down");
              }),
            ],
          })
          .resolve(),
    ],
  ])("%s fails with a coded CredchainError", async (_label, call) => {
    const outcome = await bounded({ name: _label, call: () => call() }, []);
    expect(outcome.kind).toBe("threw");
    const error = (outcome as { error: unknown }).error;
    expect(api.isCredchainError(error)).toBe(true);
  });

  it("keeps only a summary of what a throwing admin-key getter threw", async () => {
    const error = await api
      .createCredentialChain({
        provider: "openai",
        env: {},
        sources: [
          api.fromAdminKey(() => {
            throw Object.assign(new Error("password=hunter2"), { code: "ECONNREFUSED" });
          }),
        ],
      })
      .resolve()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SOURCE_FAILED",
      message: expect.stringContaining("ECONNREFUSED"),
    });
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain("hunter2");
  });

  it("isValidRegion answers false for a non-string", () => {
    expect(api.isValidRegion(Symbol("x") as never)).toBe(false);
  });

  it("mask answers every kind, also one it does not know, with a string", () => {
    expect(api.mask("AKIAIOSFODNN7EXAMPLE", "bogus" as never)).toBe(api.REDACTED);
  });
});
