// Request bodies of the tenant resolver, validated with zod. Every message is written here so
// that none can quote the rejected input: bodies carry secret keys.
import type { z } from "zod";
import { isAccessKeyId, isSecretAccessKey } from "../core/keyShapes.js";
import { lazySchema, zod } from "../core/lazyZod.js";
import { isValidRegion } from "../core/region.js";
import { TenantError } from "../core/TenantError.js";
import { EXTERNAL_ID_PATTERN, ROLE_ARN_PATTERN } from "../core/arn.js";
import { TENANT_ID_PATTERN } from "./tenantIds.js";

/** How a tenant session gets its AWS credentials. */
export type TenantMethod = "direct" | "stored" | "service-defaults" | "assume-role";

const SESSION_TOKEN = /^[A-Za-z0-9/+=]{16,8192}$/;
const MODEL_ID = /^[A-Za-z0-9._:/-]{1,2048}$/;

// Built on first use: zod loads lazily (see src/core/lazyZod.ts).
const fields = lazySchema((z) => {
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
    credentialId: z.string({ error: "must be a string" }).regex(TENANT_ID_PATTERN, {
      error: "must be 1-64 letters, digits, '_' or '-', starting with a letter or digit",
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

const maxTokensField = (limit: number) =>
  zod()
    .number({ error: `must be a whole number from 1 to ${limit}` })
    .int({ error: `must be a whole number from 1 to ${limit}` })
    .min(1, { error: `must be a whole number from 1 to ${limit}` })
    .max(limit, { error: `must be a whole number from 1 to ${limit}` });

/** The fields that select each method; a body must use exactly one group. */
export const METHOD_FIELDS: Readonly<Record<TenantMethod, readonly string[]>> = {
  direct: ["awsAccessKeyId", "awsSecretAccessKey", "awsSessionToken"],
  stored: ["credentialId"],
  "service-defaults": ["useServiceDefaults"],
  "assume-role": ["roleArn", "externalId"],
};
const COMMON_FIELDS = ["awsRegion", "modelId", "temperature", "maxTokens"] as const;

/** A validated `initialize` body. */
export type InitializeBody = {
  awsRegion?: string;
  modelId?: string;
  temperature?: number;
  maxTokens?: number;
} & (
  | {
      method: "direct";
      awsAccessKeyId: string;
      awsSecretAccessKey: string;
      awsSessionToken?: string;
    }
  | { method: "stored"; credentialId: string }
  | { method: "service-defaults" }
  | { method: "assume-role"; roleArn: string; externalId?: string }
);

/** A validated `storeCredentials` body. */
export interface StoreCredentialsBody {
  credentialId: string;
  awsAccessKeyId: string;
  awsSecretAccessKey: string;
  awsRegion?: string;
  description?: string;
}

/** A validated `rotateCredentials` body. */
export interface RotateCredentialsBody {
  awsAccessKeyId: string;
  awsSecretAccessKey: string;
}

/** What a caller may do, checked before any field is validated. */
export interface MethodPolicy {
  allowed: Readonly<Record<TenantMethod, boolean>>;
  /** The option that disables each method, for the error message. */
  optionFor: Readonly<Record<TenantMethod, string>>;
  maxTokensLimit: number;
}

function buildInitializeSchemas(maxTokensLimit: number) {
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

function initializeSchemas(maxTokensLimit: number): ReturnType<typeof buildInitializeSchemas> {
  let schemas = initializeSchemaCache.get(maxTokensLimit);
  if (schemas === undefined) {
    if (initializeSchemaCache.size >= INITIALIZE_SCHEMA_CACHE_LIMIT) initializeSchemaCache.clear();
    schemas = buildInitializeSchemas(maxTokensLimit);
    initializeSchemaCache.set(maxTokensLimit, schemas);
  }
  return schemas;
}

/**
 * Validates an `initialize` body: an object, no unknown field, exactly one method, the method
 * allowed, then every field. Throws `TENANT_INVALID_BODY` or `TENANT_METHOD_NOT_ALLOWED`.
 */
export function parseInitializeBody(
  tenantId: string,
  raw: unknown,
  policy: MethodPolicy,
): InitializeBody {
  const body = plainObject(tenantId, "initialize", raw);
  const known = new Set<string>([...Object.values(METHOD_FIELDS).flat(), ...COMMON_FIELDS]);
  rejectUnknown(tenantId, "initialize", body, known);

  const chosen = (Object.keys(METHOD_FIELDS) as TenantMethod[]).filter((method) =>
    METHOD_FIELDS[method].some((field) => body[field] !== undefined),
  );
  if (chosen.length !== 1) {
    const found = chosen
      .map((m) => `${m} (${METHOD_FIELDS[m].filter((f) => body[f] !== undefined).join(", ")})`)
      .join(" and ");
    throw invalidBody(
      tenantId,
      chosen.length === 0
        ? "initialize: the body names no credential method."
        : `initialize: the body names more than one credential method: ${found}.`,
      "Send exactly one of: awsAccessKeyId + awsSecretAccessKey, credentialId, useServiceDefaults: true, or roleArn (+ externalId).",
    );
  }
  const method = chosen[0] as TenantMethod;
  if (!policy.allowed[method]) {
    throw new TenantError(
      "TENANT_METHOD_NOT_ALLOWED",
      `initialize: credential method ${method} is not allowed by this resolver (option ${policy.optionFor[method]}).`,
      {
        hint: "Use another credential method, or enable this one in createTenantResolver.",
        tenantId,
      },
    );
  }

  const schemas = initializeSchemas(policy.maxTokensLimit);
  switch (method) {
    case "direct": {
      const parsed = validate(tenantId, "initialize", schemas.direct, body);
      if (parsed.awsAccessKeyId.startsWith("ASIA") && parsed.awsSessionToken === undefined) {
        throw invalidBody(
          tenantId,
          "initialize: awsAccessKeyId is a temporary (ASIA) key but awsSessionToken is missing.",
          "Send the session token with temporary keys, or send long-term (AKIA) keys.",
        );
      }
      return { method, ...parsed };
    }
    case "stored":
      return {
        method,
        ...validate(tenantId, "initialize", schemas.stored, body),
      };
    case "service-defaults": {
      const { useServiceDefaults: _, ...rest } = validate(
        tenantId,
        "initialize",
        schemas["service-defaults"],
        body,
      );
      return { method, ...rest };
    }
    case "assume-role":
      return {
        method,
        ...validate(tenantId, "initialize", schemas["assume-role"], body),
      };
  }
}

/** Validates a `storeCredentials` body; long-term keys only. */
export function parseStoreBody(tenantId: string, raw: unknown): StoreCredentialsBody {
  const body = plainObject(tenantId, "storeCredentials", raw);
  const f = fields();
  const schema = zod().strictObject({
    credentialId: f.credentialId,
    awsAccessKeyId: f.awsAccessKeyId,
    awsSecretAccessKey: f.awsSecretAccessKey,
    awsRegion: f.awsRegion.optional(),
    description: f.description.optional(),
  });
  rejectUnknown(tenantId, "storeCredentials", body, new Set(Object.keys(schema.shape)));
  const parsed = validate(tenantId, "storeCredentials", schema, body);
  rejectTemporary(tenantId, "storeCredentials", parsed.awsAccessKeyId);
  return parsed;
}

/** Validates a `rotateCredentials` body; long-term keys only. */
export function parseRotateBody(tenantId: string, raw: unknown): RotateCredentialsBody {
  const body = plainObject(tenantId, "rotateCredentials", raw);
  const f = fields();
  const schema = zod().strictObject({
    awsAccessKeyId: f.awsAccessKeyId,
    awsSecretAccessKey: f.awsSecretAccessKey,
  });
  rejectUnknown(tenantId, "rotateCredentials", body, new Set(Object.keys(schema.shape)));
  const parsed = validate(tenantId, "rotateCredentials", schema, body);
  rejectTemporary(tenantId, "rotateCredentials", parsed.awsAccessKeyId);
  return parsed;
}

function rejectTemporary(tenantId: string, action: string, accessKeyId: string): void {
  if (accessKeyId.startsWith("ASIA")) {
    throw invalidBody(
      tenantId,
      `${action}: awsAccessKeyId is a temporary (ASIA) key; temporary keys expire and cannot be stored.`,
      "Store long-term (AKIA) keys, or have the tenant grant a role and initialize with roleArn.",
    );
  }
}

function plainObject(tenantId: string, action: string, raw: unknown): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw invalidBody(
      tenantId,
      `${action}: the body must be a JSON object.`,
      "Send a JSON object.",
    );
  }
  // JSON null means "not given", as most HTTP clients send it.
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
}

function rejectUnknown(
  tenantId: string,
  action: string,
  body: Record<string, unknown>,
  known: ReadonlySet<string>,
): void {
  const unknown = Object.keys(body).filter((key) => !known.has(key));
  if (unknown.length === 0) return;
  // Field names are echoed only when they look like field names, not like pasted secrets.
  const printable = unknown.filter(
    (key) => /^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(key) && !/^(AKIA|ASIA)/.test(key),
  );
  const others = unknown.length - printable.length;
  const named = [
    ...printable,
    ...(others > 0 ? [`${others} other field${others === 1 ? "" : "s"}`] : []),
  ].join(", ");
  throw invalidBody(
    tenantId,
    `${action}: the body has unknown field${unknown.length === 1 ? "" : "s"}: ${named}.`,
    `Allowed fields: ${[...known].join(", ")}.`,
  );
}

function validate<T extends z.ZodType>(
  tenantId: string,
  action: string,
  schema: T,
  body: Record<string, unknown>,
): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw invalidBody(
    tenantId,
    `${action}: invalid body: ${problems.join("; ")}.`,
    "Fix the fields named above; values are never shown.",
  );
}

function invalidBody(tenantId: string, message: string, hint: string): TenantError {
  return new TenantError("TENANT_INVALID_BODY", message, { hint, tenantId });
}
