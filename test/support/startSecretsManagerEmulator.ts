// A loopback AWS Secrets Manager speaking the JSON 1.1 protocol (`X-Amz-Target:
// secretsmanager.<Op>`), verifying every SigV4 signature, with real error shapes, scripted faults
// and a call log. Only what credchain's tests, examples and demo send: an operation or parameter
// that is not emulated is refused by name, never silently ignored.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { callLog } from "./callLog.js";
import type { CallLog } from "./callLog.js";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { FaultInjector } from "./faults.js";
import { JsonServiceError as ServiceError, jsonProtocolHandler } from "./jsonProtocolHandler.js";
import type { JsonProtocolCall } from "./jsonProtocolHandler.js";
import { startLoopbackServer } from "./loopbackServer.js";

/** The operations the emulator serves. */
export const SECRETS_MANAGER_OPERATIONS = [
  "GetSecretValue",
  "BatchGetSecretValue",
  "DescribeSecret",
  "CreateSecret",
  "PutSecretValue",
  "ListSecrets",
  "DeleteSecret",
] as const;

/** One of {@link SECRETS_MANAGER_OPERATIONS}. */
export type SecretsManagerOperation = (typeof SECRETS_MANAGER_OPERATIONS)[number];

/** A secret's value: text (`SecretString`), bytes (`SecretBinary`) or an object stored as JSON text. */
export type SecretValueInput = string | Uint8Array | Record<string, unknown>;

/** Per-secret failures that do not depend on the request. */
export interface SecretFaults {
  /** `true`: every caller gets `AccessDeniedException`; a list: only these access key IDs do. */
  accessDenied?: boolean | readonly string[];
  /** Reads fail with `DecryptionFailure`, as with a KMS key the caller cannot use. */
  decryptionFailure?: boolean;
}

/** A secret to create at start-up or through {@link SecretsManagerEmulator.setSecret}. */
export interface SecretSeed extends SecretFaults {
  value: SecretValueInput;
  description?: string;
  kmsKeyId?: string;
  tags?: Record<string, string>;
}

/** Options for {@link startSecretsManagerEmulator}. */
export interface SecretsManagerEmulatorOptions {
  /** Accepted signing keys; share one registry between emulators. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** Reject signatures scoped to another region; any region is accepted when unset. Also used in ARNs. @default undefined (ARNs say us-east-1) */
  region?: string;
  /** Secrets present from the start, by name; a plain value is shorthand for `{ value }`. */
  secrets?: Record<string, SecretValueInput | SecretSeed>;
}

/** One request the emulator answered (or refused). */
export interface SecretsManagerCall extends JsonProtocolCall {
  /** The secret IDs the request named (`SecretId`, `SecretIdList`, `Name`), as sent. */
  secretIds: string[];
}

/** A read-only view of one stored secret, for assertions. */
export interface SecretSnapshot {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
  /** The AWSCURRENT value: a string, or bytes for a binary secret. */
  current: string | Uint8Array | undefined;
  versions: { versionId: string; stages: string[] }[];
  deletedDate?: Date;
}

/** A running Secrets Manager emulator. */
export interface SecretsManagerEmulator extends CallLog<SecretsManagerCall> {
  /** Endpoint for `new SecretsManagerClient({ endpoint })` or `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly url: string;
  /** The signing keys it accepts; add to it or issue temporary credentials from it. */
  readonly registry: CredentialRegistry;
  /** Scripted failures; `op` is the operation name (`GetSecretValue`, …). */
  readonly faults: FaultInjector;
  /**
   * Creates the secret, or adds a new AWSCURRENT version (the old one becomes AWSPREVIOUS), as
   * a rotation would. Returns the ARN and the new version ID.
   */
  setSecret(
    name: string,
    value: SecretValueInput,
    options?: Omit<SecretSeed, "value">,
  ): { arn: string; versionId: string };
  /** Changes a secret's standing failures (access denied, decryption failure). */
  setSecretFaults(nameOrArn: string, faults: SecretFaults): void;
  /** The stored state of a secret (also one scheduled for deletion), or `undefined`. */
  inspectSecret(nameOrArn: string): SecretSnapshot | undefined;
  close(): Promise<void>;
}

interface SecretVersion {
  id: string;
  string?: string;
  binary?: Uint8Array;
  created: Date;
  stages: Set<string>;
}

interface StoredSecret {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: Map<string, string>;
  versions: Map<string, SecretVersion>;
  created: Date;
  lastChanged: Date;
  lastAccessed?: Date;
  deleted?: Date;
  faults: SecretFaults;
}

const MAX_BATCH_IDS = 20;
const DEFAULT_PAGE = 100;
const ARN_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const tagSchema = z.object({ Key: z.string(), Value: z.string() });
// Strict: a parameter the emulator does not model answers ValidationException naming it.
const schemas = {
  GetSecretValue: z.strictObject({
    SecretId: z.string().min(1),
    VersionId: z.string().optional(),
    VersionStage: z.string().optional(),
  }),
  BatchGetSecretValue: z.strictObject({ SecretIdList: z.array(z.string().min(1)) }),
  DescribeSecret: z.strictObject({ SecretId: z.string().min(1) }),
  CreateSecret: z.strictObject({
    Name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/),
    ClientRequestToken: z.string().optional(),
    Description: z.string().optional(),
    KmsKeyId: z.string().optional(),
    SecretString: z.string().optional(),
    Tags: z.array(tagSchema).optional(),
  }),
  PutSecretValue: z.strictObject({
    SecretId: z.string().min(1),
    ClientRequestToken: z.string().optional(),
    SecretString: z.string().optional(),
  }),
  ListSecrets: z.strictObject({
    MaxResults: z.number().int().min(1).max(100).optional(),
    NextToken: z.string().optional(),
    Filters: z
      .array(z.strictObject({ Key: z.literal("name"), Values: z.array(z.string()).min(1).max(10) }))
      .optional(),
  }),
  DeleteSecret: z.strictObject({
    SecretId: z.string().min(1),
    RecoveryWindowInDays: z.number().int().optional(),
    ForceDeleteWithoutRecovery: z.boolean().optional(),
  }),
} satisfies Record<SecretsManagerOperation, z.ZodType>;

function arnSuffix(name: string): string {
  const digest = createHash("sha256").update(name).digest();
  let out = "";
  for (let i = 0; i < 6; i++) out += ARN_SUFFIX_ALPHABET[digest[i]! % ARN_SUFFIX_ALPHABET.length];
  return out;
}

/** A seed is told from a JSON-object value by its `value` key. */
function isSeed(seed: SecretValueInput | SecretSeed): seed is SecretSeed {
  return typeof seed === "object" && !(seed instanceof Uint8Array) && "value" in seed;
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function toStoredValue(value: SecretValueInput): { string?: string; binary?: Uint8Array } {
  if (typeof value === "string") return { string: value };
  if (value instanceof Uint8Array) return { binary: Uint8Array.from(value) };
  return { string: JSON.stringify(value) };
}

function sameValue(a: SecretVersion, b: { string?: string; binary?: Uint8Array }): boolean {
  if (a.string !== undefined || b.string !== undefined) return a.string === b.string;
  return (
    a.binary !== undefined &&
    b.binary !== undefined &&
    Buffer.from(a.binary).equals(Buffer.from(b.binary))
  );
}

function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0)
    throw new ServiceError("InvalidNextTokenException", "The NextToken value is invalid.");
  return offset;
}

function encodeToken(offset: number): string {
  return Buffer.from(String(offset), "utf8").toString("base64url");
}

/**
 * Starts a Secrets Manager emulator on 127.0.0.1 (random port).
 *
 * @example
 * const sm = await startSecretsManagerEmulator({ secrets: { "prod/openai": { OPENAI_API_KEY: "sk-test" } } });
 * const client = new SecretsManagerClient({ endpoint: sm.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * await client.send(new GetSecretValueCommand({ SecretId: "prod/openai" }));
 * expect(sm.callCount("GetSecretValue")).toBe(1);
 * await sm.close();
 */
export async function startSecretsManagerEmulator(
  options: SecretsManagerEmulatorOptions = {},
): Promise<SecretsManagerEmulator> {
  const registry = options.registry ?? createCredentialRegistry();
  const arnRegion = options.region ?? "us-east-1";
  const secrets = new Map<string, StoredSecret>();
  const calls: SecretsManagerCall[] = [];

  const find = (id: string): StoredSecret | undefined => {
    if (!id.startsWith("arn:")) return secrets.get(id);
    for (const secret of secrets.values()) {
      if (secret.arn === id || secret.arn.slice(0, -7) === id) return secret;
    }
    return undefined;
  };

  const findLive = (id: string): StoredSecret => {
    const secret = find(id);
    if (secret === undefined)
      throw new ServiceError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    return secret;
  };

  const notDeleted = (secret: StoredSecret, action: string) => {
    if (secret.deleted !== undefined) {
      throw new ServiceError(
        "InvalidRequestException",
        `You can't perform this operation on the secret because it was marked for deletion. (${action})`,
      );
    }
  };

  const addVersion = (
    secret: StoredSecret,
    value: { string?: string; binary?: Uint8Array },
    versionId: string,
    stages = ["AWSCURRENT"],
  ) => {
    const existing = secret.versions.get(versionId);
    if (existing !== undefined) {
      if (sameValue(existing, value)) return existing;
      throw new ServiceError(
        "ResourceExistsException",
        "A resource with the ID you requested already exists.",
      );
    }
    for (const stage of stages) {
      for (const version of secret.versions.values()) {
        if (!version.stages.has(stage)) continue;
        version.stages.delete(stage);
        if (stage === "AWSCURRENT") {
          for (const other of secret.versions.values()) other.stages.delete("AWSPREVIOUS");
          version.stages.add("AWSPREVIOUS");
        }
      }
    }
    const version: SecretVersion = {
      id: versionId,
      ...value,
      created: new Date(),
      stages: new Set(stages),
    };
    secret.versions.set(versionId, version);
    // Versions without a label are dropped, as the service does once it has more than ~100.
    for (const [id, v] of secret.versions) if (v.stages.size === 0) secret.versions.delete(id);
    secret.lastChanged = version.created;
    return version;
  };

  const create = (
    name: string,
    seed: Omit<SecretSeed, "value"> & { value?: { string?: string; binary?: Uint8Array } },
    versionId: string = randomUUID(),
  ) => {
    const now = new Date();
    const secret: StoredSecret = {
      name,
      arn: `arn:aws:secretsmanager:${arnRegion}:${registry.accountId}:secret:${name}-${arnSuffix(name)}`,
      ...(seed.description !== undefined && { description: seed.description }),
      ...(seed.kmsKeyId !== undefined && { kmsKeyId: seed.kmsKeyId }),
      tags: new Map(Object.entries(seed.tags ?? {})),
      versions: new Map(),
      created: now,
      lastChanged: now,
      faults: { accessDenied: seed.accessDenied, decryptionFailure: seed.decryptionFailure },
    };
    secrets.set(name, secret);
    if (
      seed.value !== undefined &&
      (seed.value.string !== undefined || seed.value.binary !== undefined)
    ) {
      addVersion(secret, seed.value, versionId);
    }
    return secret;
  };

  const denies = (secret: StoredSecret, accessKeyId: string) => {
    const rule = secret.faults.accessDenied;
    return rule === true || (Array.isArray(rule) && rule.includes(accessKeyId));
  };

  const checkAccess = (secret: StoredSecret, op: string, accessKeyId: string, arn: string) => {
    if (denies(secret, accessKeyId)) {
      throw new ServiceError(
        "AccessDeniedException",
        `User: ${arn} is not authorized to perform: secretsmanager:${op} on resource: ${secret.name} because no identity-based policy allows the secretsmanager:${op} action`,
      );
    }
  };

  const readValue = (secret: StoredSecret, versionId?: string, stage?: string) => {
    if (secret.faults.decryptionFailure === true) {
      throw new ServiceError(
        "DecryptionFailure",
        "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
      );
    }
    let version: SecretVersion | undefined;
    if (versionId !== undefined) {
      version = secret.versions.get(versionId);
      if (version === undefined || (stage !== undefined && !version.stages.has(stage))) {
        throw new ServiceError(
          "ResourceNotFoundException",
          `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
        );
      }
    } else {
      const wanted = stage ?? "AWSCURRENT";
      version = [...secret.versions.values()].find((v) => v.stages.has(wanted));
      if (version === undefined) {
        throw new ServiceError(
          "ResourceNotFoundException",
          `Secrets Manager can't find the specified secret value for staging label: ${wanted}`,
        );
      }
    }
    secret.lastAccessed = new Date();
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      ...(version.string !== undefined && { SecretString: version.string }),
      ...(version.binary !== undefined && {
        SecretBinary: Buffer.from(version.binary).toString("base64"),
      }),
      VersionStages: [...version.stages],
      CreatedDate: epochSeconds(version.created),
    };
  };

  const describe = (
    secret: StoredSecret,
    stagesKey: "VersionIdsToStages" | "SecretVersionsToStages",
  ) => ({
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined && { Description: secret.description }),
    ...(secret.kmsKeyId !== undefined && { KmsKeyId: secret.kmsKeyId }),
    ...(secret.tags.size > 0 && { Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })) }),
    [stagesKey]: Object.fromEntries(
      [...secret.versions.values()].map((v) => [v.id, [...v.stages]]),
    ),
    CreatedDate: epochSeconds(secret.created),
    LastChangedDate: epochSeconds(secret.lastChanged),
    ...(secret.lastAccessed !== undefined && {
      LastAccessedDate: epochSeconds(secret.lastAccessed),
    }),
    ...(secret.deleted !== undefined && { DeletedDate: epochSeconds(secret.deleted) }),
  });

  /** Live secrets in creation order (the service's default), each name filter a prefix. */
  const listed = (filters: z.infer<typeof schemas.ListSecrets>["Filters"] = []) =>
    [...secrets.values()].filter(
      (s) =>
        s.deleted === undefined &&
        filters.every((f) => f.Values.some((prefix) => s.name.startsWith(prefix))),
    );

  const page = <T>(items: T[], token: string | undefined, max: number) => {
    const start = decodeToken(token);
    const slice = items.slice(start, start + max);
    const next = start + max < items.length ? encodeToken(start + max) : undefined;
    return { slice, next };
  };

  type Caller = { accessKeyId: string; arn: string };
  const handlers: Record<SecretsManagerOperation, (input: never, caller: Caller) => unknown> = {
    GetSecretValue: (input: z.infer<typeof schemas.GetSecretValue>, caller) => {
      const secret = findLive(input.SecretId);
      checkAccess(secret, "GetSecretValue", caller.accessKeyId, caller.arn);
      notDeleted(secret, "GetSecretValue");
      return readValue(secret, input.VersionId, input.VersionStage);
    },
    BatchGetSecretValue: (input: z.infer<typeof schemas.BatchGetSecretValue>, caller) => {
      if (input.SecretIdList.length > MAX_BATCH_IDS) {
        throw new ServiceError(
          "ValidationException",
          `1 validation error detected: Value at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_IDS}`,
        );
      }
      const ids = input.SecretIdList.map((id) => ({ id, secret: find(id) }));
      const SecretValues: unknown[] = [];
      const Errors: { SecretId: string; ErrorCode: string; Message: string }[] = [];
      for (const { id, secret } of ids) {
        try {
          if (secret === undefined)
            throw new ServiceError(
              "ResourceNotFoundException",
              "Secrets Manager can't find the specified secret.",
            );
          checkAccess(secret, "GetSecretValue", caller.accessKeyId, caller.arn);
          notDeleted(secret, "GetSecretValue");
          SecretValues.push(readValue(secret));
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          Errors.push({ SecretId: id, ErrorCode: error.type, Message: error.message });
        }
      }
      return { SecretValues, Errors };
    },
    DescribeSecret: (input: z.infer<typeof schemas.DescribeSecret>, caller) => {
      const secret = findLive(input.SecretId);
      checkAccess(secret, "DescribeSecret", caller.accessKeyId, caller.arn);
      return describe(secret, "VersionIdsToStages");
    },
    CreateSecret: (input: z.infer<typeof schemas.CreateSecret>) => {
      const existing = secrets.get(input.Name);
      if (existing?.deleted !== undefined) {
        throw new ServiceError(
          "InvalidRequestException",
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
        );
      }
      if (existing !== undefined) {
        throw new ServiceError(
          "ResourceExistsException",
          `The operation failed because the secret ${input.Name} already exists.`,
        );
      }
      const secret = create(
        input.Name,
        {
          value: input.SecretString === undefined ? {} : { string: input.SecretString },
          ...(input.Description !== undefined && { description: input.Description }),
          ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }),
          tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value])),
        },
        input.ClientRequestToken,
      );
      const current = [...secret.versions.values()][0];
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...(current !== undefined && { VersionId: current.id }),
      };
    },
    PutSecretValue: (input: z.infer<typeof schemas.PutSecretValue>, caller) => {
      const secret = findLive(input.SecretId);
      checkAccess(secret, "PutSecretValue", caller.accessKeyId, caller.arn);
      notDeleted(secret, "PutSecretValue");
      if (input.SecretString === undefined) {
        throw new ServiceError("InvalidRequestException", "You must provide SecretString.");
      }
      const version = addVersion(
        secret,
        { string: input.SecretString },
        input.ClientRequestToken ?? randomUUID(),
      );
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        VersionStages: [...version.stages],
      };
    },
    ListSecrets: (input: z.infer<typeof schemas.ListSecrets>) => {
      const all = listed(input.Filters);
      const { slice, next } = page(all, input.NextToken, input.MaxResults ?? DEFAULT_PAGE);
      return {
        SecretList: slice.map((s) => describe(s, "SecretVersionsToStages")),
        ...(next !== undefined && { NextToken: next }),
      };
    },
    DeleteSecret: (input: z.infer<typeof schemas.DeleteSecret>, caller) => {
      if (input.ForceDeleteWithoutRecovery === true && input.RecoveryWindowInDays !== undefined) {
        throw new ServiceError(
          "InvalidParameterException",
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        );
      }
      const days = input.RecoveryWindowInDays ?? 30;
      if (days < 7 || days > 30) {
        throw new ServiceError(
          "InvalidParameterException",
          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
        );
      }
      const secret = findLive(input.SecretId);
      checkAccess(secret, "DeleteSecret", caller.accessKeyId, caller.arn);
      if (input.ForceDeleteWithoutRecovery === true) {
        secrets.delete(secret.name);
        return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(new Date()) };
      }
      notDeleted(secret, "DeleteSecret");
      secret.deleted = new Date();
      return {
        ARN: secret.arn,
        Name: secret.name,
        DeletionDate: epochSeconds(new Date(secret.deleted.getTime() + days * 86_400_000)),
      };
    },
  };

  const idsOf = (body: unknown): string[] => {
    if (typeof body !== "object" || body === null) return [];
    const record = body as Record<string, unknown>;
    const ids: string[] = [];
    for (const key of ["SecretId", "Name"])
      if (typeof record[key] === "string") ids.push(record[key]);
    if (Array.isArray(record.SecretIdList))
      ids.push(...record.SecretIdList.filter((v): v is string => typeof v === "string"));
    return ids;
  };

  const server = await startLoopbackServer(
    jsonProtocolHandler({
      targetPrefix: "secretsmanager.",
      signingName: "secretsmanager",
      registry,
      region: options.region,
      operations: SECRETS_MANAGER_OPERATIONS,
      schemas,
      handlers,
      internalErrorType: "InternalServiceError",
      newCall: (op, body): SecretsManagerCall => ({
        op,
        secretIds: idsOf(body),
        hasSessionToken: false,
        status: 200,
      }),
      calls,
    }),
  );

  const emulator: SecretsManagerEmulator = {
    url: server.url,
    registry,
    faults: server.faults,
    ...callLog(calls),
    setSecret(name, value, seed = {}) {
      const existing = secrets.get(name);
      if (existing === undefined) {
        const secret = create(name, { ...seed, value: toStoredValue(value) });
        return { arn: secret.arn, versionId: [...secret.versions.keys()][0]! };
      }
      if (seed.description !== undefined) existing.description = seed.description;
      if (seed.kmsKeyId !== undefined) existing.kmsKeyId = seed.kmsKeyId;
      for (const [k, v] of Object.entries(seed.tags ?? {})) existing.tags.set(k, v);
      if (seed.accessDenied !== undefined) existing.faults.accessDenied = seed.accessDenied;
      if (seed.decryptionFailure !== undefined)
        existing.faults.decryptionFailure = seed.decryptionFailure;
      delete existing.deleted;
      const version = addVersion(existing, toStoredValue(value), randomUUID());
      return { arn: existing.arn, versionId: version.id };
    },
    setSecretFaults(nameOrArn, faults) {
      const secret = find(nameOrArn);
      if (secret === undefined) throw new Error(`setSecretFaults: no secret '${nameOrArn}'`);
      Object.assign(secret.faults, faults);
    },
    inspectSecret(nameOrArn) {
      const secret = find(nameOrArn);
      if (secret === undefined) return undefined;
      const current = [...secret.versions.values()].find((v) => v.stages.has("AWSCURRENT"));
      return {
        name: secret.name,
        arn: secret.arn,
        ...(secret.description !== undefined && { description: secret.description }),
        ...(secret.kmsKeyId !== undefined && { kmsKeyId: secret.kmsKeyId }),
        tags: Object.fromEntries(secret.tags),
        current:
          current?.string ??
          (current?.binary !== undefined ? Uint8Array.from(current.binary) : undefined),
        versions: [...secret.versions.values()].map((v) => ({
          versionId: v.id,
          stages: [...v.stages],
        })),
        ...(secret.deleted !== undefined && { deletedDate: secret.deleted }),
      };
    },
    close: () => server.close(),
  };

  for (const [name, seed] of Object.entries(options.secrets ?? {})) {
    if (isSeed(seed)) emulator.setSecret(name, seed.value, seed);
    else emulator.setSecret(name, seed);
  }
  return emulator;
}
