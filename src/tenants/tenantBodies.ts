// Request bodies of the tenant resolver, validated with zod. Every message is written here so
// that none can quote the rejected input: bodies carry secret keys.
import type { z } from "zod";
import { zod } from "../core/lazyZod.js";
import { TenantError } from "../core/TenantError.js";
import { fields, initializeSchemas } from "./tenantBodySchemas.js";

/** How a tenant session gets its AWS credentials. */
export type TenantMethod = "direct" | "stored" | "service-defaults" | "assume-role";

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
  // JSON null means "not given", as most HTTP clients send it. A Proxy or a getter that throws
  // is a refused body, not a TypeError.
  let entries: [string, unknown][];
  try {
    entries = Object.entries(raw);
  } catch {
    throw invalidBody(
      tenantId,
      `${action}: the body could not be read.`,
      "Send a plain JSON object.",
    );
  }
  return Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined));
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
