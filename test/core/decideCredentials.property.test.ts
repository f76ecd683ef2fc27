// Property tests: whatever the admin key and environment hold, the core decides or throws a
// CredentialConfigError, and never repeats a credential it was given.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CredentialConfigError,
  PROVIDERS,
  decideCredentials,
  isCredchainError,
  parseAdminKey,
  type CredentialDecision,
  type DecideInput,
} from "../../src/core/index.js";
import {
  ABSK_KEY,
  AKIA,
  AKIA_2,
  ANTHROPIC_KEY,
  ASIA,
  BEDROCK_KEY,
  OPENAI_KEY,
  SECRET,
  SECRET_2,
  TOKEN,
  renderDecision,
  renderError,
} from "./support/fixtures.js";

const RUNS = 700;

/** Variables holding credentials: their values must never be echoed. */
const CREDENTIAL_VARS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_BEARER_TOKEN_BEDROCK",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "COHERE_API_KEY",
  "CO_API_KEY",
  "CUSTOM_API_KEY",
  "SECRET_s",
  "SECRET_prod_aws_bedrock",
] as const;
/** Variables the core reads whose values are not secret (they may appear in a decision). */
const PLAIN_VARS = [
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "BEDROCK_MODEL_ID",
  "USE_SECRETS_MANAGER",
  "LLM_PROVIDER",
  "AWS_BEDROCK_SECRET_NAME",
  "OPENAI_SECRET_NAME",
  "ANTHROPIC_SECRET_NAME",
  "COHERE_SECRET_NAME",
  "CUSTOM_SECRET_NAME",
] as const;

const SECRET_NAMES = ["s", " s ", "prod/aws/bedrock", "prod.aws.bedrock", ""];
const JSON_KEYS = [
  "access_key_id",
  "ACCESS_KEY_ID",
  "accessKeyId",
  "AWS_ACCESS_KEY_ID",
  "secret_access_key",
  "secretAccessKey",
  "AWS_SECRET_ACCESS_KEY",
  "session_token",
  "sessionToken",
  "AWS_SESSION_TOKEN",
  "region",
  "AWS_REGION",
  "AWS_BEARER_TOKEN_BEDROCK",
  "api_key",
  "apiKey",
  "OPENAI_API_KEY",
  "co_api_key",
  "user",
  "password",
];

const FRAGMENTS = [
  AKIA,
  AKIA_2,
  ASIA,
  SECRET,
  SECRET_2,
  TOKEN,
  BEDROCK_KEY,
  ABSK_KEY,
  OPENAI_KEY,
  ANTHROPIC_KEY,
  "bedrock-api-key-",
  "ABSK",
  "AKIA",
  "ASIA",
  "sk-",
  "sk-ant-",
  ":",
  "::",
  " ",
  "\t",
  "\n",
  "\u00a0",
  "{",
  "}",
  '"',
  "=",
  "/",
  "+",
];

/** Strings that look like credentials, broken credentials, or nothing at all. */
const keyLike = fc.oneof(
  { arbitrary: fc.string({ maxLength: 80 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 60 }), weight: 1 },
  {
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), {
        maxLength: 6,
      })
      .map((parts) => parts.join("")),
    weight: 4,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(AKIA, ASIA, SECRET, "x"), fc.constantFrom(SECRET, AKIA, TOKEN, ""))
      .map(([a, b]) => `${a}:${b}`),
    weight: 2,
  },
);

const region = fc.oneof(
  fc.constantFrom("us-east-1", "eu-west-2", " ap-south-1 ", "eusc-de-east-1", "", "  "),
  fc.string({ maxLength: 20 }),
);

/** A SECRET_* value: JSON with documented (and other) keys, or a plain string. */
const secretText = fc.oneof(
  keyLike,
  fc
    .dictionary(
      fc.constantFrom(...JSON_KEYS),
      fc.oneof(keyLike, region, fc.constant(null), fc.integer()),
      { maxKeys: 5 },
    )
    .map((obj) => JSON.stringify(obj)),
);

function envArbitrary(): fc.Arbitrary<Record<string, string>> {
  const credentialValue = (name: string) => (name.startsWith("SECRET_") ? secretText : keyLike);
  const plainValue = (name: string): fc.Arbitrary<string> => {
    if (name.endsWith("_SECRET_NAME")) return fc.constantFrom(...SECRET_NAMES);
    if (name.includes("REGION")) return region;
    if (name === "LLM_PROVIDER")
      return fc.oneof(fc.constantFrom(...PROVIDERS, " OpenAI ", "gemini", ""), fc.string());
    if (name === "USE_SECRETS_MANAGER") return fc.constantFrom("true", "false", "1", "yes", "");
    return fc.string({ maxLength: 40 });
  };
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const name of CREDENTIAL_VARS) model[name] = credentialValue(name);
  for (const name of PLAIN_VARS) model[name] = plainValue(name);
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

const inputArbitrary: fc.Arbitrary<DecideInput> = fc.record(
  {
    provider: fc.constantFrom(...PROVIDERS),
    adminKey: fc.option(keyLike, { nil: undefined, freq: 2 }),
    adminRegion: fc.option(region, { nil: null }),
    adminModelId: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    env: envArbitrary(),
    envFile: envArbitrary(),
    defaults: fc.record({ region, modelId: fc.string({ maxLength: 30 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["env"] },
);

// Text the core may legitimately print: its own source (messages, hints, variable names).
const CORE_DIR = join(import.meta.dirname, "../../src/core");
const CORE_TEXT = readdirSync(CORE_DIR)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(join(CORE_DIR, f), "utf8"))
  .join("\n");

/** Every string that sat in a credential position of `input`, split into its parts. */
function credentialsIn(input: DecideInput): string[] {
  const raw: string[] = [];
  if (typeof input.adminKey === "string") raw.push(input.adminKey);
  for (const record of [input.env, input.envFile ?? {}]) {
    for (const name of CREDENTIAL_VARS) {
      const value = record[name];
      if (value === undefined) continue;
      raw.push(value);
      try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed === "object" && parsed !== null) {
          for (const inner of Object.values(parsed)) if (typeof inner === "string") raw.push(inner);
        }
      } catch {
        // not JSON: the whole value was pushed above
      }
    }
  }
  return raw.flatMap((value) => [value.trim(), ...value.split(/[\s:"{},]+/)]);
}

/** Everything non-secret the input holds: it may appear in the output verbatim. */
function plainTextOf(input: DecideInput): string {
  const values: unknown[] = [input.adminRegion, input.adminModelId, input.defaults, input.provider];
  for (const record of [input.env, input.envFile ?? {}]) {
    for (const name of PLAIN_VARS) values.push(record[name]);
  }
  return JSON.stringify(values) + JSON_KEYS.join(" ") + SECRET_NAMES.join(" ");
}

/** The credentials in `input` long and distinctive enough that seeing one in output is a leak. */
function leakCandidates(input: DecideInput): string[] {
  const plain = plainTextOf(input);
  return [
    ...new Set(
      credentialsIn(input).filter(
        (c) => c.length >= 8 && !CORE_TEXT.includes(c) && !plain.includes(c),
      ),
    ),
  ];
}

type Outcome = { decision: CredentialDecision } | { error: unknown };

function attempt(input: DecideInput): Outcome {
  try {
    return { decision: decideCredentials(input) };
  } catch (error) {
    return { error };
  }
}

function rendered(outcome: Outcome): string[] {
  const texts =
    "decision" in outcome ? renderDecision(outcome.decision) : renderError(outcome.error);
  // Stack frames name code (this file, fast-check's propertyExecution), never values; a generated
  // "credential" such as "property" would match them by accident.
  return texts.map((text) =>
    text.replace(
      /\bat (?:new )?(?:[^\s()'"]+ )?\(?(?:file:\/\/)?\/[^\s)'"]+:\d+:\d+\)?/g,
      "at <frame>",
    ),
  );
}

/** Code + message of an error, or the JSON of a decision: what a caller can observe. */
function observable(outcome: Outcome): string {
  if ("decision" in outcome) return JSON.stringify(outcome.decision);
  const e = outcome.error as CredentialConfigError;
  return `${e.code}: ${e.message}`;
}

describe("decideCredentials properties", () => {
  it("either decides or throws a CredentialConfigError, never anything else", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const outcome = attempt(input);
        if ("error" in outcome) {
          expect(outcome.error).toBeInstanceOf(CredentialConfigError);
          expect(isCredchainError(outcome.error)).toBe(true);
        } else {
          expect(PROVIDERS).toContain(outcome.decision.provider);
          const revealed = outcome.decision.reveal().kind;
          // An API key expected from Secrets Manager is named by the pure decision, not fetched.
          if (revealed === "deferred") expect(outcome.decision.auth.source).toBe("secrets-manager");
          else expect(revealed).toBe(outcome.decision.auth.kind);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("never repeats a credential in a decision, trace, warning, error message or hint", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const texts = rendered(attempt(input));
        for (const candidate of leakCandidates(input)) {
          for (const text of texts) {
            if (text.includes(candidate)) {
              throw new Error(`leaked ${JSON.stringify(candidate)} into ${text.slice(0, 300)}`);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("ignores outer whitespace on every value", () => {
    const pad = <T extends string | null | undefined>(v: T): T =>
      (typeof v === "string" ? ` \t${v}\n ` : v) as T;
    const padRecord = (r: DecideInput["env"] | undefined) =>
      r === undefined
        ? undefined
        : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, pad(v)]));
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const padded: DecideInput = {
          ...input,
          adminKey: pad(input.adminKey),
          adminRegion: pad(input.adminRegion),
          adminModelId: pad(input.adminModelId),
          env: padRecord(input.env)!,
          envFile: padRecord(input.envFile),
        };
        expect(observable(attempt(padded))).toBe(observable(attempt(input)));
      }),
      { numRuns: 500 },
    );
  });

  it("treats a blank admin key exactly like no admin key", () => {
    fc.assert(
      fc.property(inputArbitrary, fc.constantFrom("", " ", "\t\n", "\u00a0"), (input, blank) => {
        const { adminKey: _ignored, ...rest } = input;
        expect(observable(attempt({ ...rest, adminKey: blank }))).toBe(observable(attempt(rest)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseAdminKey properties", () => {
  it("classifies any string for any provider or throws a CredentialConfigError", () => {
    fc.assert(
      fc.property(keyLike, fc.constantFrom(...PROVIDERS), (raw, provider) => {
        try {
          const parsed = parseAdminKey(raw, provider);
          expect(["absent", "pair", "bedrock-api-key", "secret-only", "api-key"]).toContain(
            parsed.form,
          );
          if (provider !== "bedrock") expect(["absent", "api-key"]).toContain(parsed.form);
        } catch (error) {
          expect(error).toBeInstanceOf(CredentialConfigError);
          for (const text of renderError(error)) {
            for (const part of [raw.trim(), ...raw.split(/[\s:]+/)]) {
              if (part.length >= 8 && !CORE_TEXT.includes(part)) expect(text).not.toContain(part);
            }
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
