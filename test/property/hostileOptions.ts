// Hostile options and env objects (revoked Proxies, throwing traps, inherited throwing getters,
// getters that answer differently on each read) and every public entry point that takes one.
import fc from "fast-check";
import * as api from "../../src/index.js";
import * as core from "../../src/core/index.js";
import * as testing from "../../src/testing/index.js";

/** The text every hostile getter and trap throws: no credchain error may ever carry it. */
export const MARKER = "hostile-marker-7Q2vZ secret-ish text";

const boom = (): never => {
  throw new Error(MARKER);
};
const TRAPS = ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"] as const;
type Trap = (typeof TRAPS)[number];

/** A plain-data description of one hostile object (fast-check prints it on failure). */
export type Shape =
  | { $: "revoked" }
  | { $: "trap"; trap: Trap; keys: readonly string[] }
  | { $: "inherited-getter"; key: string }
  | { $: "own-getter"; key: string }
  | { $: "flipping-getter"; key: string; first: "valid" | "object" | "string" | "undefined" }
  | { $: "with"; key: string; value: Shape };

const revoked = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

/** What a flipping getter answers first (then it throws, or answers a revoked Proxy). */
function firstAnswer(first: "valid" | "object" | "string" | "undefined", key: string): unknown {
  if (first === "undefined") return undefined;
  if (first === "object") return {};
  if (first === "string") return key.startsWith("AWS_REGION") ? "us-east-1" : "x";
  return key === "env" || key === "envFile" ? {} : key === "provider" ? "openai" : "x";
}

/** Builds the hostile object a shape describes (fresh on every call). */
export function build(shape: Shape): object {
  switch (shape.$) {
    case "revoked":
      return revoked();
    case "trap":
      return new Proxy(Object.fromEntries(shape.keys.map((k) => [k, "x"])), { [shape.trap]: boom });
    case "inherited-getter":
      return Object.create(
        Object.defineProperty({}, shape.key, { get: boom, enumerable: true }),
      ) as object;
    case "own-getter":
      return Object.defineProperty({}, shape.key, { get: boom, enumerable: true });
    case "flipping-getter": {
      let reads = 0;
      const value = firstAnswer(shape.first, shape.key);
      return Object.defineProperty({}, shape.key, {
        enumerable: true,
        get: () => {
          reads += 1;
          if (reads === 1) return value;
          return reads % 2 === 0 ? revoked() : boom();
        },
      });
    }
    case "with":
      return Object.defineProperty({}, shape.key, {
        value: build(shape.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
}

const OPTION_NAMES = [
  "env",
  "envFile",
  "provider",
  "adminKey",
  "name",
  "secretId",
  "region",
  "sources",
  "store",
  "chain",
  "logger",
  "key",
  "path",
  "prefix",
  "defaults",
  "hint",
  "cause",
];
const ENV_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "AWS_BEARER_TOKEN_BEDROCK",
  "LLM_PROVIDER",
  "OPENAI_API_KEY",
  "USE_SECRETS_MANAGER",
  "SECRETS_MANAGER_REGION",
  "SECRET_x",
];

const shapeOver = (keys: readonly string[]): fc.Arbitrary<Shape> =>
  fc.oneof(
    fc.constant<Shape>({ $: "revoked" }),
    fc
      .tuple(fc.constantFrom(...TRAPS), fc.subarray([...keys], { maxLength: 3 }))
      .map(([trap, k]): Shape => ({ $: "trap", trap, keys: k })),
    fc.constantFrom(...keys).map((key): Shape => ({ $: "inherited-getter", key })),
    fc.constantFrom(...keys).map((key): Shape => ({ $: "own-getter", key })),
    fc
      .tuple(fc.constantFrom(...keys), fc.constantFrom("valid", "object", "string", "undefined"))
      .map(([key, first]): Shape => ({ $: "flipping-getter", key, first })),
  );

/** A hostile env record. */
const envShape = shapeOver(ENV_NAMES);

/** A hostile options object: hostile itself, or holding a hostile `env` (or `envFile`) record. */
export const optionsShape: fc.Arbitrary<Shape> = fc.oneof(
  shapeOver(OPTION_NAMES),
  fc
    .tuple(fc.constantFrom("env", "envFile"), envShape)
    .map(([key, value]): Shape => ({ $: "with", key, value })),
);

// ── the entry points ──────────────────────────────────────────────────────────

type Call = (hostile: object) => unknown;
const CONTEXT = { provider: "bedrock" };
const after =
  (make: Call, use: (made: never) => unknown): Call =>
  (hostile) => {
    const made = make(hostile);
    return use(made as never);
  };
/** A source built from hostile input, then resolved: what it reads late fails coded too. */
const resolved = (make: Call): Call =>
  after(make, (source: { resolve: (c: unknown) => unknown }) => source.resolve(CONTEXT));
/** A chain built from hostile input, then resolved. */
const resolvedChain = (make: Call): Call =>
  after(make, (chain: api.CredentialChain) => chain.resolve());

const chain = () => api.createCredentialChain({ provider: "openai", env: {}, sources: [] });

/**
 * Every public function or class of `credchain` and `credchain/core` (and `credchain/testing`)
 * that takes an options, input or env object, called with the hostile object in that place.
 */
export const OPTION_ENTRIES: Record<string, Call> = {
  decideCredentials: (o) => api.decideCredentials(o as never),
  "decideCredentials env": (o) => api.decideCredentials({ provider: "bedrock", env: o as never }),
  decideAwsCredentials: (o) => api.decideAwsCredentials(o as never),
  selectProvider: (o) => api.selectProvider(undefined, o as never),
  "selectProvider envFile": (o) => api.selectProvider(undefined, {}, o as never),
  resolveRegion: (o) => api.resolveRegion(o as never),
  "resolveRegion env": (o) => api.resolveRegion({ env: o as never }),
  resolveModelId: (o) => api.resolveModelId(o as never),
  parseSecretPayload: (o) => api.parseSecretPayload('{"api_key":"x"}', "openai", o as never),
  CredchainError: (o) => new api.CredchainError("INVALID_INPUT", "m", o as never),
  CredentialConfigError: (o) => new api.CredentialConfigError("INVALID_INPUT", "m", o as never),
  SecretError: (o) => new api.SecretError("SECRET_NOT_FOUND", "m", o as never),
  TenantError: (o) => new api.TenantError("TENANT_INVALID_ID", "m", o as never),
  SourceSkippedError: (o) => new api.SourceSkippedError("env", "r", o),
  NoCredentialsError: (o) => new api.NoCredentialsError([], o),
  NoCredentialsErrorAttempts: (o) => new api.NoCredentialsError(o as never),
  fromAdminKey: resolved((o) => api.fromAdminKey(o)),
  "fromAdminKey getter": resolved((o) => api.fromAdminKey(() => o)),
  "fromAdminKey init": resolved((o) => api.fromAdminKey("x", o)),
  fromEnv: resolved((o) => api.fromEnv(o)),
  fromEnvFile: resolved((o) => api.fromEnvFile(o)),
  fromLocalSecrets: resolved((o) => api.fromLocalSecrets(o)),
  fromSecretsManager: resolved((o) => api.fromSecretsManager(o)),
  fromDefaultChain: (o) => api.fromDefaultChain(o),
  fromAssumeRole: (o) => api.fromAssumeRole(o as never),
  createCredentialChain: resolvedChain((o) => api.createCredentialChain(o as never)),
  createChainFromEnv: resolvedChain((o) => api.createChainFromEnv(o)),
  createAwsChain: (o) => api.createAwsChain(o),
  sharedAwsChain: (o) => api.sharedAwsChain(o as never),
  bedrockTokenProvider: (o) => api.bedrockTokenProvider(chain(), o as never),
  createSecretStore: after(
    (o) => api.createSecretStore(o),
    (store: api.SecretStore) => store.get("x"),
  ),
  loadIntoEnv: (o) => api.loadIntoEnv(o),
  loadSecretsForProvider: (o) => api.loadSecretsForProvider(o),
  bedrockClientConfig: (o) => api.bedrockClientConfig(o as never),
  pollyClientConfig: (o) => api.pollyClientConfig(o),
  s3ClientConfig: (o) => api.s3ClientConfig(o),
  sesClientConfig: (o) => api.sesClientConfig(o),
  secretsManagerClientConfig: (o) => api.secretsManagerClientConfig(o),
  llmApiKey: (o) => api.llmApiKey("openai", o),
  // The request itself goes to a closed loopback port: fetch's own network TypeError is the
  // fetch contract, not credchain's; every credchain failure before it must be coded.
  llmFetch: after(
    (o) => api.llmFetch("openai", o),
    (send: typeof fetch) =>
      send("http://127.0.0.1:9/v1/models").catch((error: unknown) => {
        if (error instanceof TypeError && error.message === "fetch failed") return "network";
        throw error;
      }),
  ),
  refreshOnAuthFailure: (o) => api.refreshOnAuthFailure(chain(), o),
  "refreshOnAuthFailure target": (o) => api.refreshOnAuthFailure(o as never),
  createTenantResolver: (o) => api.createTenantResolver(o as never),
  encryptedFileCredentialStore: (o) => api.encryptedFileCredentialStore(o as never),
  secretsManagerCredentialStore: (o) => api.secretsManagerCredentialStore(o as never),
  StoredCredential: (o) => new api.StoredCredential(o as never),
  expiringCredentials: (o) => testing.expiringCredentials(o),
  envSnapshot: (o) => testing.envSnapshot(o as never),
  staticSource: (o) => testing.staticSource("env", o),
};

/** Exports that take no options, input or env object (only strings, ids, keys or nothing). */
export const NO_OPTION_OBJECT = new Set([
  "isCredchainError",
  "isCredentialConfigError",
  "isSourceSkippedError",
  "isNoCredentialsError",
  "isSecretError",
  "isTenantError",
  "mask",
  "Redacted",
  "normalizeProvider",
  "parseAdminKey",
  "isValidRegion",
  "localSecretVariable",
  "memoryCredentialStore",
  "isValidTenantId",
  "assertTenantId",
  "assertCredentialId",
  "credentialExistsError",
  "credentialNotFoundError",
  "storeFailedError",
]);

/** The names of every function and class `credchain` and `credchain/core` export. */
export function exportedFunctionNames(): string[] {
  const names = new Set<string>();
  for (const module of [api, core]) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "function") names.add(name);
    }
  }
  return [...names].sort();
}
