import { readOptions } from "../core/checkOptions.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { envFileOption } from "./envFileOption.js";
import { parseAdminKey } from "../core/parseAdminKey.js";
import { adminStep } from "../core/adminStep.js";
import type { EnvRecord } from "../core/EnvRecord.js";
import type { CredentialSource } from "./CredentialSource.js";
import { readEnvFile, type EnvFileInput } from "../internal/readEnvFile.js";
import { stepToResult } from "./stepToResult.js";
import { readSourceContext } from "./sourceContext.js";
import { readEnv, readOwnEntries } from "../core/readInput.js";
import { sourceFailedError } from "./sourceFailedError.js";

/** An admin panel's active configuration. */
export interface AdminConfig {
  /** The key field: `ACCESS:SECRET[:TOKEN]`, a Bedrock API key, a bare secret, or an LLM API key. */
  key?: string | null | undefined;
  /** The panel's region (beats every other region source). */
  region?: string | null | undefined;
  /** The panel's model ID. */
  modelId?: string | null | undefined;
}

/** The admin key as a value, a config object, or a function that reads the active config. */
export type AdminKeyInput =
  | string
  | null
  | undefined
  | AdminConfig
  | (() =>
      string | null | undefined | AdminConfig | Promise<string | null | undefined | AdminConfig>);

/** Options of {@link fromAdminKey}. */
export interface FromAdminKeyInit {
  /** Snapshot for a bare secret's `AWS_ACCESS_KEY_ID`. @default process.env */
  env?: EnvRecord;
  /** Env file consulted after `env` for `AWS_ACCESS_KEY_ID`. */
  envFile?: EnvFileInput;
}

const initSchema = lazySchema((z) =>
  z.strictObject({
    env: commonOptionFields(z).env.optional(),
    envFile: envFileOption(z).optional(),
  }),
);

const ADMIN_FIELDS = ["key", "region", "modelId"] as const;
const CONFIG_HINT = "Return { key: string | null, region?, modelId? } from the admin key function.";

/**
 * The admin config `input` gives, read once: a getter function that throws (a database down) is
 * `SOURCE_FAILED` with only a summary of what it threw; a config object whose fields cannot be
 * read (a throwing getter, a Proxy trap, a revoked Proxy) or whose key is no string is
 * `INVALID_INPUT`. Fields a class supplies through its prototype are read too.
 */
async function readAdminConfig(input: AdminKeyInput): Promise<AdminConfig> {
  let raw: unknown;
  try {
    raw = typeof input === "function" ? await input() : input;
  } catch (error) {
    throw sourceFailedError("admin", error);
  }
  if (typeof raw !== "object" || raw === null) return { key: raw as AdminConfig["key"] };
  const read = readOwnEntries(raw, ADMIN_FIELDS);
  if (read.unlisted || read.unreadable.length > 0) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      "The admin config could not be read (a getter or Proxy trap threw, or the Proxy is revoked).",
      { hint: CONFIG_HINT },
    );
  }
  const fields = new Map(read.entries);
  const key = fields.get("key");
  if (typeof key !== "string" && key != null) {
    throw new CredentialConfigError("INVALID_INPUT", "The admin config's key must be a string.", {
      hint: CONFIG_HINT,
    });
  }
  return {
    key,
    region: fields.get("region") as AdminConfig["region"],
    modelId: fields.get("modelId") as AdminConfig["modelId"],
  };
}

/**
 * The admin-panel key source (`admin`). Pass a function to read the active config on every
 * resolution, e.g. from a database. A blank key skips; a malformed one stops the chain.
 *
 * @example
 * ```ts
 * fromAdminKey(async () => {
 *   const row = await db.aiConfig.findActive();
 *   return { key: row.apiKey, region: row.region, modelId: row.modelId };
 * });
 * ```
 */
export function fromAdminKey(input: AdminKeyInput, init: FromAdminKeyInit = {}): CredentialSource {
  if (!(input == null || ["string", "object", "function"].includes(typeof input))) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "fromAdminKey: the admin key must be a string, an { key, region, modelId } object, a function returning one, or null.",
      { hint: "Pass the admin panel's key field, its active config, or a function that reads it." },
    );
  }
  init = readOptions("fromAdminKey", init, initSchema);
  return {
    name: "admin",
    async resolve(given) {
      const context = readSourceContext(given, "admin");
      const config = await readAdminConfig(input);
      context.reportAdminSettings?.({ region: config.region, modelId: config.modelId });
      const adminKey = parseAdminKey(config.key, context.provider);
      const env = readEnv(init.env ?? process.env, "fromAdminKey env");
      const envFile = adminKey.form === "secret-only" ? await readEnvFile(init.envFile) : undefined;
      return stepToResult("admin", adminStep(adminKey, context.provider, env, envFile));
    },
  };
}
