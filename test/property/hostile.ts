// Hostile values, the public entry points and a bounded call, for the typed-errors property suite.
import fc from "fast-check";
import * as api from "../../src/index.js";
import * as core from "../../src/core/index.js";
import * as testing from "../../src/testing/index.js";

/** Real milliseconds one call may take before it counts as a hang. */
export const CALL_BOUND_MS = 5_000;

export type Fn = (...args: unknown[]) => unknown;
export type Outcome =
  | { kind: "returned"; value: unknown }
  | { kind: "threw"; error: unknown; async: boolean }
  | { kind: "hung" };

// ── hostile values ────────────────────────────────────────────────────────────

const boom = (): never => {
  throw new Error("hostile trap");
};
/** A Proxy every one of whose traps throws. */
const trapProxy = (): object =>
  new Proxy(
    {},
    {
      get: boom,
      set: boom,
      has: boom,
      ownKeys: boom,
      getOwnPropertyDescriptor: boom,
      getPrototypeOf: boom,
      defineProperty: boom,
      deleteProperty: boom,
      apply: boom,
    },
  );
/** A Proxy that lists keys but throws when one is read (an env record as a Proxy). */
const listingProxy = (keys: readonly string[]): object =>
  new Proxy(Object.fromEntries(keys.map((k) => [k, "x"])), { get: boom });
const throwingGetter = (key: string): object =>
  Object.defineProperty({}, key, { enumerable: true, get: boom });
const pollution = (): unknown =>
  JSON.parse(
    '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"toString":"x"}',
  );

const OPTION_KEYS = [
  "provider",
  "env",
  "envFile",
  "adminKey",
  "adminRegion",
  "adminModelId",
  "defaults",
  "name",
  "secretId",
  "secretIdFromEnv",
  "store",
  "client",
  "region",
  "sources",
  "allow",
  "mapKeys",
  "override",
  "useSecretsManager",
  "logger",
  "roleArn",
  "externalId",
  "tenantId",
  "credentialId",
  "awsAccessKeyId",
  "awsSecretAccessKey",
  "awsRegion",
  "ttlMs",
  "maxStaleMs",
  "maxEntries",
  "now",
  "path",
  "key",
  "prefix",
  "audit",
  "verify",
  "kind",
  "value",
  "expiration",
  "credentials",
  "modelId",
  "__proto__",
  "constructor",
];
const ENV_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_REGION",
  "AWS_BEARER_TOKEN_BEDROCK",
  "LLM_PROVIDER",
  "OPENAI_API_KEY",
  "OPENAI_SECRET_NAME",
  "USE_SECRETS_MANAGER",
  "BEDROCK_MODEL_ID",
  "SECRET_x",
  "__proto__",
  "constructor",
];
const HUGE = "x".repeat(1_000_000);

// fast-check inspects what it generates (and prints counterexamples), so it generates specs —
// plain data — and each call builds the hostile values from them with `materialize`.
type Spec =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | { $: "symbol" | "huge" | "proxy" | "listing-proxy" | "pollution" }
  | { $: "getter"; key: string }
  | { $: "fn"; which: number }
  | { $: "object"; entries: [string, Spec][] }
  | { $: "array"; items: Spec[] };

const FUNCTIONS: readonly Fn[] = [
  boom,
  async () => boom(),
  () => trapProxy(),
  () => undefined,
  () => "x",
];

const leaf: fc.Arbitrary<Spec> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, NaN, Infinity, -0, 2 ** 53, 1e308),
  fc.bigInt(),
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "a\0b",
    "x",
    "openai",
    "bedrock",
    "custom",
    "us-east-1",
    "__proto__",
    "constructor",
    "toString",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "sk-proj-EXAMPLEexampleEXAMPLE0001",
    '{"api_key":"sk-proj-EXAMPLEexampleEXAMPLE0001"}',
  ),
  fc.constantFrom<Spec>(
    { $: "symbol" },
    { $: "huge" },
    { $: "proxy" },
    { $: "listing-proxy" },
    { $: "pollution" },
  ),
  fc.constantFrom(...OPTION_KEYS, ...ENV_NAMES).map((key): Spec => ({ $: "getter", key })),
  fc.nat({ max: FUNCTIONS.length - 1 }).map((which): Spec => ({ $: "fn", which })),
);

const { value: hostileSpec } = fc.letrec<{ value: Spec }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .array(fc.tuple(fc.constantFrom(...OPTION_KEYS), tie("value")), { maxLength: 4 })
      .map((entries): Spec => ({ $: "object", entries })),
    fc
      .array(fc.tuple(fc.constantFrom(...ENV_NAMES), leaf), { maxLength: 4 })
      .map((entries): Spec => ({ $: "object", entries })),
    fc.tuple(fc.constantFrom("openai", "bedrock"), tie("value")).map(([provider, env]): Spec => ({
      $: "object",
      entries: [
        ["provider", provider],
        ["env", env],
      ],
    })),
    fc.array(tie("value"), { maxLength: 3 }).map((items): Spec => ({ $: "array", items })),
  ),
}));

/** Valid-looking leading arguments, so hostile ones also reach the later parameters. */
const plausible = fc.constantFrom<Spec>("x", "acme", "primary", "openai", "prod/app");

/** Arguments for one call, as specs. */
export const hostileArgs = fc.oneof(
  fc.array(hostileSpec, { maxLength: 4 }),
  fc
    .tuple(
      fc.array(plausible, { minLength: 1, maxLength: 2 }),
      fc.array(hostileSpec, { maxLength: 2 }),
    )
    .map(([lead, rest]) => [...lead, ...rest]),
);

/** Builds the hostile value a spec describes (fresh objects on every call). */
export function materialize(spec: Spec): unknown {
  if (typeof spec !== "object" || spec === null) return spec;
  switch (spec.$) {
    case "symbol":
      return Symbol("hostile");
    case "huge":
      return HUGE;
    case "proxy":
      return trapProxy();
    case "listing-proxy":
      return listingProxy(ENV_NAMES);
    case "pollution":
      return pollution();
    case "getter":
      return throwingGetter(spec.key);
    case "fn":
      return FUNCTIONS[spec.which];
    case "array":
      return spec.items.map(materialize);
    case "object": {
      // defineProperty: "__proto__" becomes an own key, as JSON.parse makes it.
      const out: Record<string, unknown> = {};
      for (const [key, value] of spec.entries) {
        Object.defineProperty(out, key, {
          value: materialize(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

// ── entry points ──────────────────────────────────────────────────────────────

export interface Entry {
  name: string;
  call: (args: unknown[]) => unknown;
}

const isClass = (fn: Fn): boolean => /^class\b/.test(Function.prototype.toString.call(fn));

/** Every function and class exported by the three entry points, once each. */
export function exportedEntries(): Entry[] {
  const seen = new Set<unknown>();
  const entries: Entry[] = [];
  for (const [module, exports] of [
    ["credchain", api],
    ["credchain/core", core],
    ["credchain/testing", testing],
  ] as const) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== "function" || seen.has(value)) continue;
      seen.add(value);
      const fn = value as Fn;
      entries.push({
        name: `${module}.${name}`,
        call: isClass(fn)
          ? (args) => new (fn as unknown as new (...a: unknown[]) => unknown)(...args)
          : (args) => fn(...args),
      });
    }
  }
  return entries;
}

/** The methods of what the entry points return, built with valid arguments. */
export function instanceEntries(): Entry[] {
  const instances: [string, () => object][] = [
    ["SecretStore", () => api.createSecretStore({ env: {}, useSecretsManager: false })],
    ["CredentialChain", () => api.createCredentialChain({ provider: "openai", sources: [] })],
    ["createChainFromEnv", () => api.createChainFromEnv({ env: {} })],
    ["TenantResolver", () => api.createTenantResolver({ store: api.memoryCredentialStore() })],
    ["memoryCredentialStore", () => api.memoryCredentialStore()],
    ["fromEnv", () => api.fromEnv({ env: {} })],
    ["fromLocalSecrets", () => api.fromLocalSecrets({ env: {} })],
    ["fromAdminKey", () => api.fromAdminKey("sk-proj-EXAMPLEexampleEXAMPLE0001")],
    ["Redacted", () => new api.Redacted("x")],
    ["decision", () => api.decideCredentials({ provider: "custom", env: {} })],
    ["FakeClock", () => testing.createFakeClock(0)],
    ["memoryLogger", () => testing.memoryLogger()],
    [
      "staticSource",
      () =>
        testing.staticSource("env", {
          kind: "api-key",
          apiKey: "sk-proj-EXAMPLEexampleEXAMPLE0001",
        }),
    ],
  ];
  const entries: Entry[] = [];
  for (const [label, make] of instances) {
    const sample = make();
    const names = new Set<string>();
    for (let o: object | null = sample; o !== null && o !== Object.prototype;) {
      for (const key of Object.getOwnPropertyNames(o)) names.add(key);
      o = Object.getPrototypeOf(o) as object | null;
    }
    for (const method of names) {
      if (method === "constructor") continue;
      const descriptor = Object.getOwnPropertyDescriptor(sample, method);
      if (descriptor?.get !== undefined) continue;
      if (typeof (sample as Record<string, unknown>)[method] !== "function") continue;
      entries.push({
        name: `${label}.${method}`,
        call: (args) => {
          const target = make() as Record<string, Fn>;
          return target[method]!(...args);
        },
      });
    }
  }
  // A chain resolving a source built from hostile input: what the source throws reaches callers.
  entries.push({
    name: "createCredentialChain(fromAdminKey(hostile)).resolve",
    call: (args) =>
      api
        .createCredentialChain({
          provider: "openai",
          env: {},
          sources: [api.fromAdminKey(args[0] as never)],
        })
        .resolve(),
  });
  return entries;
}

// ── the call, bounded ─────────────────────────────────────────────────────────

export async function bounded(entry: Entry, specs: readonly Spec[]): Promise<Outcome> {
  const args = specs.map(materialize);
  let result: unknown;
  try {
    result = entry.call(args);
  } catch (error) {
    return { kind: "threw", error, async: false };
  }
  if (typeof (result as { then?: unknown } | null)?.then !== "function") {
    return { kind: "returned", value: result };
  }
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "hung" }), CALL_BOUND_MS);
  });
  try {
    return await Promise.race([
      (result as Promise<unknown>).then(
        (value): Outcome => ({ kind: "returned", value }),
        (error: unknown): Outcome => ({ kind: "threw", error, async: true }),
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeError(error: unknown): string {
  if (api.isCredchainError(error)) return `${error.code}`;
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return "(unprintable)";
  }
}

export function prototypeState(): string {
  return Object.getOwnPropertyNames(Object.prototype)
    .map((name) => {
      const d = Object.getOwnPropertyDescriptor(Object.prototype, name)!;
      return `${name}:${typeof d.value}:${String(d.get)}:${String(d.writable)}`;
    })
    .join("|");
}
