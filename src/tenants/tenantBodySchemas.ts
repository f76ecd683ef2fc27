// The zod schemas of the tenant resolver's request bodies, built on first use (zod loads lazily).
// Every message is written here so that none can quote the rejected input: bodies carry secret keys.
import { EXTERNAL_ID_PATTERN, ROLE_ARN_PATTERN } from "../core/arn.js";
import { isAccessKeyId, isSecretAccessKey } from "../core/keyShapes.js";
import { lazySchema, zod } from "../core/lazyZod.js";
import { isValidRegion } from "../core/region.js";
import { isValidTenantId } from "./tenantIds.js";

const SESSION_TOKEN = /^[A-Za-z0-9/+=]{16,8192}$/;
const MODEL_ID = /^[A-Za-z0-9._:/-]{1,2048}$/;

// Built on first use: zod loads lazily (see src/core/lazyZod.ts).
export const fields = lazySchema((z) => {
  const text = (pattern: RegExp | ((value: string) => boolean), message: string) =>
    z
      .string({ error: message })
      .trim()
      .refine((v) => (typeof pattern === "function" ? pattern(v) : pattern.test(v)), {
        error: message,
      });
  return {
    awsAccessKeyId: text(isAccessKeyId, "must be 16-128 upper-case letters and digits (AKIA…)"),
    awsSecretAccessKey: text(
      isSecretAccessKey,
      "must be 40 characters of letters, digits, / and +",
    ),
    awsSessionToken: text(SESSION_TOKEN, "must be an STS session token"),
    awsRegion: text(isValidRegion, "must be an AWS region code such as us-east-1"),
    // Not merely the pattern: an id that looks like a key is refused before anything echoes it.
    credentialId: z.string({ error: "must be a string" }).refine(isValidTenantId, {
      error:
        "must be 1-64 letters, digits, '_' or '-', starting with a letter or digit, and not a key",
    }),
    useServiceDefaults: z.literal(true, { error: "must be true when present" }),
    roleArn: text(ROLE_ARN_PATTERN, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)"),
    externalId: text(
      EXTERNAL_ID_PATTERN,
      "must be 2-1224 characters of letters, digits and +=,.@:/-_",
    ),
    modelId: text(MODEL_ID, "must be a Bedrock model ID, inference profile ID or ARN"),
    temperature: z
      .number({ error: "must be a number from 0 to 1" })
      .min(0, { error: "must be a number from 0 to 1" })
      .max(1, { error: "must be a number from 0 to 1" }),
    description: z
      .string({ error: "must be a string" })
      .trim()
      .max(256, { error: "must be at most 256 characters" })
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "must not contain control characters" }),
  };
});

export const maxTokensField = (limit: number) =>
  zod()
    .number({ error: `must be a whole number from 1 to ${limit}` })
    .int({ error: `must be a whole number from 1 to ${limit}` })
    .min(1, { error: `must be a whole number from 1 to ${limit}` })
    .max(limit, { error: `must be a whole number from 1 to ${limit}` });

export function buildInitializeSchemas(maxTokensLimit: number) {
  const z = zod();
  const f = fields();
  const common = {
    awsRegion: f.awsRegion.optional(),
    modelId: f.modelId.optional(),
    temperature: f.temperature.optional(),
    maxTokens: maxTokensField(maxTokensLimit).optional(),
  };
  return {
    direct: z.strictObject({
      ...common,
      awsAccessKeyId: f.awsAccessKeyId,
      awsSecretAccessKey: f.awsSecretAccessKey,
      awsSessionToken: f.awsSessionToken.optional(),
    }),
    stored: z.strictObject({ ...common, credentialId: f.credentialId }),
    "service-defaults": z.strictObject({ ...common, useServiceDefaults: f.useServiceDefaults }),
    "assume-role": z.strictObject({
      ...common,
      roleArn: f.roleArn,
      externalId: f.externalId.optional(),
    }),
  };
}

// Building zod schemas costs far more than parsing with them, so each resolver's set (keyed by
// its maxTokensLimit, the only setting they depend on) is built once.
const initializeSchemaCache = new Map<number, ReturnType<typeof buildInitializeSchemas>>();
const INITIALIZE_SCHEMA_CACHE_LIMIT = 16;

export function initializeSchemas(
  maxTokensLimit: number,
): ReturnType<typeof buildInitializeSchemas> {
  let schemas = initializeSchemaCache.get(maxTokensLimit);
  if (schemas === undefined) {
    if (initializeSchemaCache.size >= INITIALIZE_SCHEMA_CACHE_LIMIT) initializeSchemaCache.clear();
    schemas = buildInitializeSchemas(maxTokensLimit);
    initializeSchemaCache.set(maxTokensLimit, schemas);
  }
  return schemas;
}
