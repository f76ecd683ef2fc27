// Hostile options and env objects: a revoked Proxy, a Proxy whose get/has/ownKeys/
// getOwnPropertyDescriptor/getPrototypeOf trap throws, an inherited throwing getter, a getter that
// answers differently on each read. Whatever entry point takes one, it returns or fails with a
// coded CredchainError — never a TypeError — and no error carries what the hostile getter threw.
//
// CREDCHAIN_PROPERTY_RUNS sets the number of cases per property (npm run test:property: 100 000).
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { bounded, CALL_BOUND_MS, describeError } from "./hostile.js";
import {
  build,
  exportedFunctionNames,
  MARKER,
  NO_OPTION_OBJECT,
  OPTION_ENTRIES,
  optionsShape,
  type Shape,
} from "./hostileOptions.js";

const RUNS = Number(process.env.CREDCHAIN_PROPERTY_RUNS ?? 300);
const SUITE_TIMEOUT_MS = Math.max(20_000, RUNS * 20);

/** Everything an error shows: message, hint, and `util.inspect` (its cause chain included). */
function shown(error: unknown): string {
  try {
    return `${String((error as Error).message)}\n${String((error as { hint?: unknown }).hint)}\n${inspect(error, { depth: null, showHidden: true })}`;
  } catch {
    return "(unprintable)";
  }
}

async function check(name: string, shape: Shape): Promise<void> {
  const call = OPTION_ENTRIES[name]!;
  const outcome = await bounded({ name, call: () => call(build(shape)) }, []);
  if (outcome.kind === "hung") throw new Error(`${name} did not settle within ${CALL_BOUND_MS} ms`);
  if (outcome.kind === "returned") return;
  const error = outcome.error;
  if (!api.isCredchainError(error) || !/^[A-Z_]+$/.test(String(error.code))) {
    throw new Error(`${name} ${outcome.async ? "rejected" : "threw"} ${describeError(error)}`);
  }
  if (shown(error).includes(MARKER)) {
    throw new Error(`${name}: ${error.code} carries the text the hostile getter threw`);
  }
}

describe("hostile options and env objects (fast-check over every entry point taking one)", () => {
  const saved = { ...process.env };
  let closedEndpoint = "";

  beforeAll(async () => {
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

  it("covers every exported function and class (or says why one takes no object)", () => {
    const covered = new Set(Object.keys(OPTION_ENTRIES).map((k) => k.split(" ")[0]!));
    const missing = exportedFunctionNames().filter(
      (name) => !covered.has(name) && !NO_OPTION_OBJECT.has(name),
    );
    expect(missing).toEqual([]);
  });

  it(
    "returns, or fails with a coded CredchainError that never carries the thrown text",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...Object.keys(OPTION_ENTRIES)), optionsShape, check),
        { numRuns: RUNS },
      );
    },
    SUITE_TIMEOUT_MS,
  );

  // Each of these escaped as a TypeError or as the hostile getter's own error.
  it.each<[string, Shape]>([
    ["createChainFromEnv", { $: "revoked" }],
    ["createChainFromEnv", { $: "inherited-getter", key: "env" }],
    ["createChainFromEnv", { $: "with", key: "env", value: { $: "revoked" } }],
    ["createChainFromEnv", { $: "flipping-getter", key: "env", first: "valid" }],
    ["createAwsChain", { $: "inherited-getter", key: "env" }],
    ["pollyClientConfig", { $: "inherited-getter", key: "env" }],
    ["sesClientConfig", { $: "inherited-getter", key: "env" }],
    ["s3ClientConfig", { $: "inherited-getter", key: "env" }],
    ["secretsManagerClientConfig", { $: "inherited-getter", key: "env" }],
    [
      "secretsManagerClientConfig",
      { $: "with", key: "env", value: { $: "trap", trap: "get", keys: ["AWS_REGION"] } },
    ],
    ["bedrockClientConfig", { $: "revoked" }],
    ["llmApiKey", { $: "inherited-getter", key: "env" }],
    ["llmFetch", { $: "inherited-getter", key: "env" }],
    ["createSecretStore", { $: "with", key: "env", value: { $: "trap", trap: "get", keys: [] } }],
    ["fromEnvFile", { $: "with", key: "envFile", value: { $: "revoked" } }],
    ["createSecretStore", { $: "with", key: "env", value: { $: "revoked" } }],
    ["decideCredentials", { $: "revoked" }],
    ["resolveRegion env", { $: "revoked" }],
    ["createTenantResolver", { $: "revoked" }],
    ["fromAdminKey", { $: "trap", trap: "get", keys: ["key"] }],
    ["fromAdminKey", { $: "revoked" }],
    ["fromAdminKey", { $: "own-getter", key: "name" }],
    ["fromAdminKey getter", { $: "trap", trap: "get", keys: [] }],
  ])("%s with %j fails coded, without the thrown text", async (name, shape) => {
    const call = OPTION_ENTRIES[name]!;
    const outcome = await bounded({ name, call: () => call(build(shape)) }, []);
    expect(outcome.kind).toBe("threw");
    const error = (outcome as { error: unknown }).error;
    expect(describeError(error)).toMatch(/^[A-Z_]+$/);
    expect(shown(error)).not.toContain(MARKER);
  });

  it.each<[string, () => unknown]>([
    [
      "a fromAdminKey getter that throws",
      () =>
        api.fromAdminKey(() => {
          throw new Error(MARKER);
        }),
    ],
    [
      "a fromAdminKey getter that throws an error whose name getter throws",
      () =>
        api.fromAdminKey(() => {
          throw Object.defineProperty(new Error(MARKER), "name", {
            get: () => {
              throw new Error(MARKER);
            },
          });
        }),
    ],
    [
      "a fromAdminKey getter that throws a revoked Proxy",
      () =>
        api.fromAdminKey(() => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- the hostile value under test
          throw build({ $: "revoked" });
        }),
    ],
  ])("%s: resolve() fails SOURCE_FAILED, alone and in a chain", async (_label, make) => {
    for (const run of [
      (): Promise<unknown> => (make() as api.CredentialSource).resolve({ provider: "openai" }),
      () =>
        api
          .createCredentialChain({
            provider: "openai",
            env: {},
            sources: [make() as api.CredentialSource],
          })
          .resolve(),
    ]) {
      const error: unknown = await Promise.resolve()
        .then(run)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(describeError(error)).toBe("SOURCE_FAILED");
      expect(shown(error)).not.toContain(MARKER);
    }
  });

  it("reads an option a class supplies through a getter on its prototype", async () => {
    class Options {
      get env() {
        return { OPENAI_API_KEY: "sk-proj-EXAMPLEexampleEXAMPLE0001" };
      }
    }
    await expect(api.llmApiKey("openai", new Options() as never)).resolves.toMatchObject({
      source: "env",
    });
  });
});
