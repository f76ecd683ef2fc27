import { findOptionProblems } from "./checkOptions.js";
import { CredentialConfigError } from "./CredentialConfigError.js";
import { createDecision } from "./createDecision.js";
import { API_KEY_ENV, ENV_LLM_PROVIDER, SECRET_NAME_ENV } from "./envNames.js";
import { lazySchema } from "./lazyZod.js";
import { parseAdminKey, presentValue } from "./parseAdminKey.js";
import { normalizeProvider } from "./provider.js";
import { readEnv, readObject, readOptionalEnv } from "./readInput.js";
import { resolveModelId, resolveRegion, unknownRegionWarning } from "./region.js";
import { adminStep } from "./adminStep.js";
import type { EnvRecord } from "./EnvRecord.js";
import { envStep } from "./envSteps.js";
import { localSecretStep, secretsManagerPlan } from "./secretSteps.js";
import type { StepOutcome } from "./StepOutcome.js";
import {
  PROVIDERS,
  type CredentialDecision,
  type CredentialResult,
  type Provider,
  type TraceEntry,
} from "./types.js";

/** Input of {@link decideCredentials}. */
export interface DecideInput {
  /** The provider; when omitted, `LLM_PROVIDER` (env, then env file) picks it, else `bedrock`. */
  provider?: Provider | undefined;
  /** The admin panel's key field; empty or blank means absent. */
  adminKey?: string | null | undefined;
  /** The admin panel's region. */
  adminRegion?: string | null | undefined;
  /** The admin panel's model ID. */
  adminModelId?: string | null | undefined;
  /** An environment snapshot. Required: the core never reads `process.env` itself. */
  env: EnvRecord;
  /** A parsed `.env` file, consulted after `env`. */
  envFile?: EnvRecord | undefined;
  /** Why there is no `envFile`, for its trace row. @default "no env file was given" */
  envFileNote?: string | undefined;
  /** Fallbacks used when nothing else names a region or model. */
  defaults?:
    | {
        /**
         * Bedrock region when neither the admin panel, the stored credentials nor the environment
         * names one.
         * @default "us-east-1"
         */
        region?: string | undefined;
        /** Model ID when neither the admin panel nor `BEDROCK_MODEL_ID` names one. */
        modelId?: string | undefined;
      }
    | undefined;
}

const inputSchema = lazySchema((z) => {
  const optionalString = z.string({ error: "must be a string or null" }).nullish();
  const record = z.record(z.string(), z.string({ error: "must be a string" }).optional(), {
    error: "must be an object of string values",
  });
  return z.strictObject({
    provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(", ")}` }).optional(),
    adminKey: optionalString,
    adminRegion: optionalString,
    adminModelId: optionalString,
    env: record,
    envFile: record.optional(),
    envFileNote: z.string({ error: "must be a string" }).optional(),
    defaults: z
      .strictObject(
        {
          region: z.string({ error: "must be a string" }).optional(),
          modelId: z.string({ error: "must be a string" }).optional(),
        },
        { error: "must be an object" },
      )
      .optional(),
  });
});

const INPUT_HINT =
  "Pass { provider?, adminKey?, adminRegion?, adminModelId?, env, envFile?, defaults? } with string values; env is required.";

/**
 * Reads the input once into plain copies (a getter or Proxy runs no more, and zod's record schema
 * refuses `process.env`, whose prototype is not Object.prototype), then validates them with the one
 * options checker (unknown keys named with the nearest valid one), worded as this function's own
 * INVALID_INPUT.
 */
function validate(given: unknown): DecideInput {
  const input = readObject(
    given,
    "decideCredentials received invalid input: the input",
    INPUT_HINT,
  );
  const candidate = {
    ...input,
    env: readEnv(input.env, "decideCredentials input.env"),
    ...(input.envFile === undefined
      ? {}
      : { envFile: readEnv(input.envFile, "decideCredentials input.envFile") }),
    ...(typeof input.defaults === "object" && input.defaults !== null
      ? { defaults: readObject(input.defaults, "decideCredentials input.defaults", INPUT_HINT) }
      : {}),
  };
  const checked = findOptionProblems(candidate, inputSchema, true);
  if (!checked.ok) {
    const at = checked.paths.length === 0 ? "" : ` at: ${checked.paths.join(", ")}`;
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `decideCredentials received invalid input${at}: ${checked.problems.join("; ").replace(/^options must/, "the input must")}.`,
      { hint: INPUT_HINT },
    );
  }
  return candidate;
}

/** Picks the provider: the caller's, else `LLM_PROVIDER` (env, then env file), else `bedrock`. */
export function selectProvider(
  provider: Provider | undefined,
  env: EnvRecord,
  envFile?: EnvRecord,
): {
  /** The selected provider. */
  provider: Provider;
  /** Why, for a trace: `given by the caller`, `LLM_PROVIDER=openai`, or the `bedrock` fallback. */
  reason: string;
} {
  if (provider !== undefined) {
    return { provider: normalizeProvider(provider, "The provider"), reason: "given by the caller" };
  }
  env = readEnv(env, "selectProvider env");
  envFile = readOptionalEnv(envFile, "selectProvider envFile");
  const fromEnv = presentValue(env[ENV_LLM_PROVIDER]);
  const raw = fromEnv ?? presentValue(envFile?.[ENV_LLM_PROVIDER]);
  if (raw === undefined)
    return { provider: "bedrock", reason: `${ENV_LLM_PROVIDER} is not set; bedrock by default` };
  const selected = normalizeProvider(
    raw,
    `${ENV_LLM_PROVIDER} (${fromEnv !== undefined ? "environment" : "env file"})`,
  );
  return { provider: selected, reason: `${ENV_LLM_PROVIDER}=${selected}` };
}

/**
 * Decides which credentials a call should use, and why — without any I/O.
 *
 * Bedrock, first match wins: admin key → Secrets Manager (`USE_SECRETS_MANAGER=true` +
 * `AWS_BEDROCK_SECRET_NAME`; recorded as `not-consulted`, since the pure core makes no network
 * call) → local `SECRET_<name>` → environment (`AWS_BEARER_TOKEN_BEDROCK`, then the key pair) →
 * env file (same) → the AWS SDK default chain. API-key providers: admin key → Secrets Manager →
 * local secret → `<P>_API_KEY` in env → env file → `API_KEY_MISSING` (`custom`: no auth).
 *
 * @throws CredentialConfigError for any configuration error (see docs/precedence.md for codes).
 * @see docs/precedence.md for the full table and the reason for each rule.
 *
 * @example
 * ```ts
 * const decision = decideCredentials({
 *   provider: "bedrock",
 *   adminKey: "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
 *   env: { AWS_ACCESS_KEY_ID: "AKIAI44QH8DHBEXAMPLE", AWS_REGION: "eu-west-1" },
 * });
 * decision.auth;   // { kind: "aws-static", source: "admin", detail: "pair", accessKeyId: "AKIA…MPLE", … }
 * decision.region; // { value: "eu-west-1", source: "env:AWS_REGION" }
 * ```
 */
export function decideCredentials(given: DecideInput): CredentialDecision {
  let input = readObject(
    given,
    "decideCredentials received invalid input: the input",
    INPUT_HINT,
  ) as unknown as DecideInput;
  if (input.provider !== undefined) {
    input = { ...input, provider: normalizeProvider(input.provider, "The provider") };
  }
  input = validate(input);
  const env = input.env;
  const envFile = input.envFile;
  const { provider } = selectProvider(input.provider, env, envFile);
  const adminKey = parseAdminKey(input.adminKey, provider);

  const trace: TraceEntry[] = [];
  const warnings: string[] = [];
  let chosen: CredentialResult | null = null;

  const run = (source: string, step: () => StepOutcome): void => {
    if (chosen !== null) {
      trace.push({ source, outcome: "not-consulted", reason: "an earlier source was chosen" });
      return;
    }
    const outcome = step();
    warnings.push(...outcome.warnings);
    if ("chosen" in outcome) {
      chosen = outcome.chosen;
      trace.push({ source, outcome: "chosen", reason: outcome.chosen.reason });
    } else {
      trace.push({ source, outcome: "skipped", reason: outcome.skipped });
    }
  };

  run("admin", () => adminStep(adminKey, provider, env, envFile));

  let deferredSecret: string | undefined;
  if (chosen === null) {
    const plan = secretsManagerPlan(provider, env, envFile);
    warnings.push(...plan.warnings);
    if ("secretName" in plan) {
      deferredSecret = plan.secretName;
      trace.push({
        source: "secrets-manager",
        outcome: "not-consulted",
        reason: `${plan.reason}; the pure decision makes no network calls (a chain or --resolve consults it)`,
      });
      warnings.push(
        `Secrets Manager is configured (${SECRET_NAME_ENV[provider]}) but was not consulted; a credential chain tries it before the sources below.`,
      );
    } else {
      trace.push({ source: "secrets-manager", outcome: "skipped", reason: plan.skipped });
    }
  } else {
    trace.push({
      source: "secrets-manager",
      outcome: "not-consulted",
      reason: "an earlier source was chosen",
    });
  }

  run("local-secret", () => localSecretStep(provider, env, envFile));
  run("env", () => envStep(provider, env, "env"));
  run("env-file", () =>
    envFile === undefined
      ? { skipped: input.envFileNote ?? "no env file was given", warnings: [] }
      : envStep(provider, envFile, "env-file", env),
  );

  if (provider === "bedrock") {
    run("default-chain", () => ({
      chosen: {
        source: "default-chain",
        kind: "aws-default-chain",
        detail: null,
        reason:
          "no explicit credentials; the AWS SDK default chain (env, SSO, profiles, web identity, ECS, IMDS) resolves them at call time",
      },
      warnings: [],
    }));
  } else if (chosen === null && deferredSecret !== undefined) {
    // The key lives in Secrets Manager, which only a chain reads: say so instead of "missing".
    chosen = {
      source: "secrets-manager",
      kind: "api-key",
      detail: deferredSecret,
      reason: `the ${provider} API key is expected from Secrets Manager secret ${deferredSecret} (not fetched by the pure decision)`,
    };
    warnings.push(
      `The ${provider} API key would come from Secrets Manager secret ${deferredSecret}, which the pure decision does not fetch; a chain (or credchain explain --resolve) reads it.`,
    );
  } else if (chosen === null && provider !== "custom") {
    const names = [...API_KEY_ENV[provider], SECRET_NAME_ENV[provider]].join(", ");
    throw new CredentialConfigError(
      "API_KEY_MISSING",
      `No ${provider} API key found (looked at the admin key, ${names}).`,
      {
        hint: `Enter the key in the admin panel, set ${API_KEY_ENV[provider][0] ?? "the API key variable"}, or name a secret with ${SECRET_NAME_ENV[provider]}.`,
      },
    );
  } else if (chosen === null) {
    trace.push({ source: "none", outcome: "chosen", reason: "the custom provider needs no key" });
  }

  const final: CredentialResult | null = chosen;
  const region =
    provider === "bedrock"
      ? resolveRegion({
          adminRegion: input.adminRegion,
          stored: final?.region,
          env,
          envFile,
          defaultRegion: input.defaults?.region,
        })
      : null;
  const modelId = resolveModelId({
    adminModelId: input.adminModelId,
    env,
    envFile,
    defaultModelId: input.defaults?.modelId,
    useEnv: provider === "bedrock",
  });

  const regionWarning = region === null ? undefined : unknownRegionWarning(region);
  if (regionWarning !== undefined) warnings.push(regionWarning);
  return createDecision({ provider, chosen: final, region, modelId, trace, warnings });
}
