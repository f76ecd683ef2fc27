// A loopback AWS Systems Manager Parameter Store speaking the JSON 1.1 protocol (`X-Amz-Target:
// AmazonSSM.<Op>`), verifying every SigV4 signature (service `ssm`), with versions, labels,
// SecureString decryption, metadata listing by path (`DescribeParameters`), real error shapes, an optional token bucket, scripted faults and a
// call log. Enough of the service for the real @aws-sdk/client-ssm.
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
export const SSM_OPERATIONS = [
  "GetParameter",
  "GetParameters",
  "PutParameter",
  "DescribeParameters",
] as const;

/** One of {@link SSM_OPERATIONS}. */
export type SsmOperation = (typeof SSM_OPERATIONS)[number];

/** A Parameter Store parameter type. */
export type ParameterType = "String" | "StringList" | "SecureString";

/** Parameter Store's default throughput for the Get* operations, in transactions per second. */
export const SSM_DEFAULT_GET_TPS = 40;

/** The KMS key a SecureString uses when none is given, as in Parameter Store. */
export const SSM_DEFAULT_KEY_ID = "alias/aws/ssm";

/** Per-parameter failures that do not depend on the request. */
export interface ParameterFaults {
  /** `true`: every caller gets `AccessDeniedException`; a list: only these access key IDs do. */
  accessDenied?: boolean | readonly string[];
  /**
   * SecureString reads `WithDecryption` fail as KMS would: `"invalid-key-id"` → `InvalidKeyId`
   * (a disabled, deleted or wrong key); `"access-denied"` → `AccessDeniedException` naming
   * `kms:Decrypt` (the caller may not use the key). Reads without decryption still succeed.
   */
  kmsFailure?: "invalid-key-id" | "access-denied";
}

/** A parameter to create at start-up or through {@link SsmEmulator.setParameter}. */
export interface ParameterSeed extends ParameterFaults {
  /** The value; a list is a StringList joined with commas. */
  value: string | readonly string[];
  /** @default "StringList" for a list value, else the current type, else "String" */
  type?: ParameterType;
  /** SecureString only. @default "alias/aws/ssm" */
  keyId?: string;
  description?: string;
  /** Labels to put on the version this seed creates (moved from any other version). */
  labels?: readonly string[];
}

/** A token bucket over the Get* operations, refilled by the emulator's clock. */
export interface SsmRateLimit {
  /** @default 40 (Parameter Store's default throughput) */
  transactionsPerSecond?: number;
  /** The bucket's size: calls allowed at once after a quiet spell. @default transactionsPerSecond */
  burst?: number;
}

/** Options for {@link startSsmEmulator}. */
export interface SsmEmulatorOptions {
  /** Accepted signing keys; share one registry between emulators. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** Reject signatures scoped to another region; any region is accepted when unset. Also used in ARNs. @default undefined (ARNs say us-east-1) */
  region?: string;
  /** Parameters present from the start, by name; a plain value is shorthand for `{ value }`. */
  parameters?: Record<string, string | readonly string[] | ParameterSeed>;
  /** Throttle GetParameter/GetParameters beyond this rate with `ThrottlingException`. @default no limit */
  rateLimit?: SsmRateLimit;
  /** Clock for the rate limit, `LastModifiedDate` and key expiry. @default Date.now */
  now?: () => number;
}

/** One request the emulator answered (or refused). */
export interface SsmCall extends JsonProtocolCall {
  /** The names the request carried (`Name`, `Names`), as sent, selectors and ARNs included. */
  names: string[];
  withDecryption?: boolean;
  /** The `Path` filter values of a `DescribeParameters` request. */
  paths?: string[];
  /** Set when the token bucket (`rateLimit`) refused the call. */
  rateLimited?: boolean;
}

/** One stored version of a parameter. */
export interface ParameterVersionSnapshot {
  version: number;
  /** The plaintext value. */
  value: string;
  type: ParameterType;
  labels: string[];
  lastModifiedDate: Date;
}

/** A read-only view of one stored parameter, for assertions. */
export interface ParameterSnapshot {
  name: string;
  arn: string;
  type: ParameterType;
  keyId?: string;
  description?: string;
  /** The latest version number. */
  version: number;
  /** The latest plaintext value. */
  value: string;
  versions: ParameterVersionSnapshot[];
}

/** A running Parameter Store emulator. */
export interface SsmEmulator extends CallLog<SsmCall> {
  /** Endpoint for `new SSMClient({ endpoint })` or `AWS_ENDPOINT_URL_SSM`. */
  readonly url: string;
  /** `{ AWS_ENDPOINT_URL_SSM: url }` */
  readonly env: Readonly<Record<string, string>>;
  /** The signing keys it accepts; add to it or issue temporary credentials from it. */
  readonly registry: CredentialRegistry;
  /** Scripted failures; `op` is the operation name (`GetParameter`, `GetParameters`, `PutParameter`, `DescribeParameters`). */
  readonly faults: FaultInjector;
  /** Creates the parameter or adds a version (as `PutParameter` with `Overwrite`); returns the new version and the ARN. */
  setParameter(
    name: string,
    value: string | readonly string[],
    options?: Omit<ParameterSeed, "value">,
  ): { version: number; arn: string };
  /** Puts labels on a version (the latest when unset), moving them from any other version, as `LabelParameterVersion` does. */
  labelParameterVersion(nameOrArn: string, labels: readonly string[], version?: number): void;
  /** Changes a parameter's standing failures (access denied, KMS failure). */
  setParameterFaults(nameOrArn: string, faults: ParameterFaults): void;
  /** The stored state of a parameter, or `undefined`. */
  inspectParameter(nameOrArn: string): ParameterSnapshot | undefined;
  close(): Promise<void>;
}

interface StoredVersion {
  version: number;
  value: string;
  type: ParameterType;
  keyId?: string;
  description?: string;
  labels: Set<string>;
  modified: Date;
}

interface StoredParameter {
  name: string;
  versions: StoredVersion[];
  faults: ParameterFaults;
}

const MAX_GET_PARAMETERS_NAMES = 10;
const MAX_DESCRIBE_RESULTS = 50;
const NAME_PATTERN = /^[A-Za-z0-9_.\-/]{1,1011}$/;
const LABEL_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
const ARN_PATTERN = /^arn:aws:ssm:([^:]*):(\d{12}):parameter(\/[^:]*)(?::([^:]*))?$/;
const READ_OPERATIONS: ReadonlySet<string> = new Set(["GetParameter", "GetParameters"]);
// A KMS ciphertext blob starts with these bytes, so the placeholder looks like one (`AQICAHg…`).
const CIPHERTEXT_HEADER = Buffer.from([0x01, 0x02, 0x02, 0x00, 0x78]);

const parameterTypeSchema = z.enum(["String", "StringList", "SecureString"]);
const schemas = {
  GetParameter: z.object({
    Name: z.string().min(1).max(2048),
    WithDecryption: z.boolean().optional(),
  }),
  GetParameters: z.object({
    Names: z.array(z.string().min(1).max(2048)),
    WithDecryption: z.boolean().optional(),
  }),
  PutParameter: z.object({
    Name: z.string().min(1).max(2048),
    Value: z.string().min(1),
    Type: parameterTypeSchema.optional(),
    Overwrite: z.boolean().optional(),
    KeyId: z.string().min(1).optional(),
    Description: z.string().max(1024).optional(),
    Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
    DataType: z.string().optional(),
    Tier: z.string().optional(),
    AllowedPattern: z.string().optional(),
  }),
  DescribeParameters: z.object({
    ParameterFilters: z
      .array(
        z.object({
          Key: z.string().min(1).max(132),
          Option: z.string().min(1).max(10).optional(),
          Values: z.array(z.string().min(1).max(1024)).min(1).max(50).optional(),
        }),
      )
      .optional(),
    MaxResults: z.number().int().min(1).max(MAX_DESCRIBE_RESULTS).optional(),
    NextToken: z.string().optional(),
  }),
} satisfies Record<SsmOperation, z.ZodType>;

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function isSeed(seed: string | readonly string[] | ParameterSeed): seed is ParameterSeed {
  return typeof seed === "object" && !Array.isArray(seed) && "value" in seed;
}

function ciphertextOf(name: string, version: StoredVersion): string {
  const digest = createHash("sha256")
    .update(`${name}\0${version.version}\0${version.value}`)
    .digest();
  return Buffer.concat([CIPHERTEXT_HEADER, digest, digest]).toString("base64");
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ServiceError(
      "ValidationException",
      `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive) and must contain only a-zA-Z0-9_.-/ (${name.length} characters given).`,
    );
  }
  if (name.includes("/") && !name.startsWith("/")) {
    throw new ServiceError(
      "ValidationException",
      "Parameter name must be a fully qualified name: a name with a forward slash must begin with one.",
    );
  }
  const leaf = name.replace(/^\//, "").toLowerCase();
  if (leaf.startsWith("aws") || leaf.startsWith("ssm")) {
    throw new ServiceError(
      "ValidationException",
      'No access to reserved parameter name: names can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
  }
}

function checkLabel(label: string): void {
  const lower = label.toLowerCase();
  if (
    !LABEL_PATTERN.test(label) ||
    /^\d/.test(label) ||
    lower.startsWith("aws") ||
    lower.startsWith("ssm")
  ) {
    throw new Error(
      `labelParameterVersion: '${label}' is not a valid label (letters, digits, _ . -; not starting with a digit, "aws" or "ssm")`,
    );
  }
}

/** What a requested name selects: the stored parameter's candidates and an optional version or label. */
interface Selection {
  /** The requested name without its selector (the ARN when an ARN was sent). */
  base: string;
  /** Stored names this could be. */
  candidates: string[];
  selector?: { version: number } | { label: string };
}

/**
 * Starts a Parameter Store emulator on 127.0.0.1 (random port).
 *
 * @example
 * const ssm = await startSsmEmulator({ parameters: { "/prod/db": { value: "pw", type: "SecureString" } } });
 * const client = new SSMClient({ endpoint: ssm.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * await client.send(new GetParameterCommand({ Name: "/prod/db", WithDecryption: true }));
 * expect(ssm.callCount("GetParameter")).toBe(1);
 * await ssm.close();
 */
export async function startSsmEmulator(options: SsmEmulatorOptions = {}): Promise<SsmEmulator> {
  const registry = options.registry ?? createCredentialRegistry();
  const arnRegion = options.region ?? "us-east-1";
  const now = options.now ?? Date.now;
  const parameters = new Map<string, StoredParameter>();
  const calls: SsmCall[] = [];

  const arnOf = (name: string) =>
    `arn:aws:ssm:${arnRegion}:${registry.accountId}:parameter${name.startsWith("/") ? name : `/${name}`}`;

  // Milli-tokens, so refills at whole-number rates stay exact.
  const rate =
    options.rateLimit === undefined
      ? undefined
      : (() => {
          const tps = options.rateLimit.transactionsPerSecond ?? SSM_DEFAULT_GET_TPS;
          const burst = options.rateLimit.burst ?? tps;
          if (!(tps > 0) || !(burst >= 1))
            throw new RangeError("rateLimit: transactionsPerSecond must be > 0 and burst >= 1");
          return { tps, capacity: burst * 1000, tokens: burst * 1000, last: now() };
        })();
  const takeToken = (): boolean => {
    if (rate === undefined) return true;
    const at = now();
    rate.tokens = Math.min(rate.capacity, rate.tokens + Math.max(0, at - rate.last) * rate.tps);
    rate.last = at;
    if (rate.tokens < 1000) return false;
    rate.tokens -= 1000;
    return true;
  };

  const withSelector = (selection: Selection, selector: string | undefined, raw: string) => {
    if (selector === undefined) return selection;
    if (selector === "") {
      throw new ServiceError(
        "ValidationException",
        `Invalid parameter selector in '${raw}': give a version number or a label after ':'.`,
      );
    }
    return {
      ...selection,
      selector: /^\d+$/.test(selector) ? { version: Number(selector) } : { label: selector },
    };
  };

  // Names cannot contain ':', so the last one (after `parameter/` in an ARN) starts a selector.
  const parseSelection = (raw: string): Selection => {
    const arn = ARN_PATTERN.exec(raw);
    if (arn !== null) {
      const [, region, account, path, selector] = arn as unknown as [
        string,
        string,
        string,
        string,
        string | undefined,
      ];
      const base = selector === undefined ? raw : raw.slice(0, -(selector.length + 1));
      if (region !== arnRegion || account !== registry.accountId) return { base, candidates: [] };
      // `parameter/db` is the ARN of both `db` and `/db`.
      return withSelector({ base, candidates: [path, path.slice(1)] }, selector, raw);
    }
    if (raw.startsWith("arn:")) return { base: raw, candidates: [] };
    const colon = raw.lastIndexOf(":");
    if (colon === -1) return { base: raw, candidates: [raw] };
    const base = raw.slice(0, colon);
    return withSelector({ base, candidates: [base] }, raw.slice(colon + 1), raw);
  };

  const find = (nameOrArn: string): StoredParameter | undefined => {
    const selection = parseSelection(nameOrArn);
    for (const candidate of selection.candidates) {
      const found = parameters.get(candidate);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  const latest = (parameter: StoredParameter) => parameter.versions.at(-1)!;

  const denies = (parameter: StoredParameter, accessKeyId: string) => {
    const rule = parameter.faults.accessDenied;
    return rule === true || (Array.isArray(rule) && rule.includes(accessKeyId));
  };

  type Caller = { accessKeyId: string; arn: string };
  const checkAccess = (parameter: StoredParameter, op: string, caller: Caller) => {
    if (denies(parameter, caller.accessKeyId)) {
      throw new ServiceError(
        "AccessDeniedException",
        `User: ${caller.arn} is not authorized to perform: ssm:${op} on resource: ${arnOf(parameter.name)} because no identity-based policy allows the ssm:${op} action`,
      );
    }
  };

  const checkKms = (parameter: StoredParameter, version: StoredVersion, caller: Caller) => {
    const failure = parameter.faults.kmsFailure;
    if (failure === undefined) return;
    const keyId = version.keyId ?? SSM_DEFAULT_KEY_ID;
    if (failure === "invalid-key-id") {
      throw new ServiceError(
        "InvalidKeyId",
        `The KMS key ${keyId} used to encrypt ${parameter.name} is disabled, pending deletion or does not exist.`,
      );
    }
    const keyArn = `arn:aws:kms:${arnRegion}:${registry.accountId}:key/${keyId.replace(/^alias\//, "")}`;
    throw new ServiceError(
      "AccessDeniedException",
      `User: ${caller.arn} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${randomUUID()}; Proxy: null)`,
    );
  };

  /** Resolves a requested name to a stored version, or throws the error GetParameter answers. */
  const resolve = (raw: string) => {
    const selection = parseSelection(raw);
    const parameter = selection.candidates
      .map((c) => parameters.get(c))
      .find((p) => p !== undefined);
    if (parameter === undefined) throw new ServiceError("ParameterNotFound", "");
    const { selector } = selection;
    let version: StoredVersion | undefined;
    if (selector === undefined) version = latest(parameter);
    else if ("version" in selector) {
      version = parameter.versions.find((v) => v.version === selector.version);
      if (version === undefined) {
        throw new ServiceError(
          "ParameterVersionNotFound",
          `Systems Manager could not find version ${selector.version} of ${parameter.name}. Verify the version and try again.`,
        );
      }
    } else {
      version = parameter.versions.find((v) => v.labels.has(selector.label));
      if (version === undefined) throw new ServiceError("ParameterNotFound", "");
    }
    return { selection, parameter, version };
  };

  const render = (
    resolved: ReturnType<typeof resolve>,
    withDecryption: boolean,
    caller: Caller,
  ) => {
    const { selection, parameter, version } = resolved;
    let value = version.value;
    if (version.type === "SecureString") {
      if (withDecryption) checkKms(parameter, version, caller);
      else value = ciphertextOf(parameter.name, version);
    }
    const { selector } = selection;
    return {
      Name: selection.base,
      Type: version.type,
      Value: value,
      Version: version.version,
      ...(selector !== undefined && {
        Selector: `:${"version" in selector ? selector.version : selector.label}`,
      }),
      LastModifiedDate: epochSeconds(version.modified),
      ARN: arnOf(parameter.name),
      DataType: "text",
    };
  };

  const put = (
    name: string,
    input: {
      value: string;
      type?: ParameterType;
      keyId?: string;
      description?: string;
    },
  ): { parameter: StoredParameter; version: StoredVersion } => {
    let parameter = parameters.get(name);
    const previous = parameter === undefined ? undefined : latest(parameter);
    const type = input.type ?? previous?.type;
    if (type === undefined) {
      throw new ServiceError(
        "ValidationException",
        "A parameter type is required when you create a parameter.",
      );
    }
    if (input.keyId !== undefined && type !== "SecureString") {
      throw new ServiceError(
        "ValidationException",
        "KeyId is required for SecureString type parameter only.",
      );
    }
    if (parameter === undefined) {
      parameter = { name, versions: [], faults: {} };
      parameters.set(name, parameter);
    }
    const keyId =
      type === "SecureString"
        ? (input.keyId ??
          (previous?.type === "SecureString" ? previous.keyId : undefined) ??
          SSM_DEFAULT_KEY_ID)
        : undefined;
    const description = input.description ?? previous?.description;
    const version: StoredVersion = {
      version: (previous?.version ?? 0) + 1,
      value: input.value,
      type,
      ...(keyId !== undefined && { keyId }),
      ...(description !== undefined && { description }),
      labels: new Set(),
      modified: new Date(now()),
    };
    parameter.versions.push(version);
    return { parameter, version };
  };

  const handlers: Record<SsmOperation, (input: never, caller: Caller) => unknown> = {
    GetParameter: (input: z.infer<typeof schemas.GetParameter>, caller) => {
      const resolved = resolve(input.Name);
      checkAccess(resolved.parameter, "GetParameter", caller);
      return { Parameter: render(resolved, input.WithDecryption === true, caller) };
    },
    GetParameters: (input: z.infer<typeof schemas.GetParameters>, caller) => {
      if (input.Names.length < 1 || input.Names.length > MAX_GET_PARAMETERS_NAMES) {
        const bound =
          input.Names.length < 1
            ? "greater than or equal to 1"
            : `less than or equal to ${MAX_GET_PARAMETERS_NAMES}`;
        throw new ServiceError(
          "ValidationException",
          `1 validation error detected: Value '[${input.Names.join(", ")}]' at 'names' failed to satisfy constraint: Member must have length ${bound}`,
        );
      }
      const found: ReturnType<typeof resolve>[] = [];
      const InvalidParameters: string[] = [];
      for (const raw of new Set(input.Names)) {
        try {
          found.push(resolve(raw));
        } catch (error) {
          if (
            !(error instanceof ServiceError) ||
            !["ParameterNotFound", "ParameterVersionNotFound"].includes(error.type)
          )
            throw error;
          InvalidParameters.push(raw);
        }
      }
      // One denied or undecryptable parameter fails the whole call, as IAM and KMS do.
      for (const resolved of found) checkAccess(resolved.parameter, "GetParameters", caller);
      const Parameters = found
        .map((resolved) => render(resolved, input.WithDecryption === true, caller))
        .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
      return { Parameters, InvalidParameters };
    },
    PutParameter: (input: z.infer<typeof schemas.PutParameter>, caller) => {
      const arn = ARN_PATTERN.exec(input.Name);
      const name = arn === null ? input.Name : (find(input.Name)?.name ?? input.Name);
      if (arn !== null && arn[4] !== undefined) {
        throw new ServiceError(
          "ValidationException",
          "Parameter name: a version or label selector is not allowed in PutParameter.",
        );
      }
      if (arn === null) checkName(name);
      const existing = parameters.get(name);
      if (existing === undefined && arn !== null) throw new ServiceError("ParameterNotFound", "");
      if (existing !== undefined) checkAccess(existing, "PutParameter", caller);
      if (input.Tags !== undefined && input.Overwrite === true) {
        throw new ServiceError(
          "ValidationException",
          "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
        );
      }
      if (existing !== undefined && input.Overwrite !== true) {
        throw new ServiceError(
          "ParameterAlreadyExists",
          "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
        );
      }
      const { version } = put(name, {
        value: input.Value,
        ...(input.Type !== undefined && { type: input.Type }),
        ...(input.KeyId !== undefined && { keyId: input.KeyId }),
        ...(input.Description !== undefined && { description: input.Description }),
      });
      return { Version: version.version, Tier: "Standard" };
    },
    // Metadata only, never a value (the real API has no WithDecryption); pages by an opaque offset.
    DescribeParameters: (input: z.infer<typeof schemas.DescribeParameters>) => {
      const matches = describeFilter(input.ParameterFilters);
      const names = [...parameters.keys()].filter(matches).sort();
      let start = 0;
      if (input.NextToken !== undefined) {
        const offset = /^o(\d{1,9})$/.exec(Buffer.from(input.NextToken, "base64url").toString());
        if (offset === null) {
          throw new ServiceError("InvalidNextToken", "The specified token isn't valid.");
        }
        start = Number(offset[1]);
      }
      const end = start + (input.MaxResults ?? MAX_DESCRIBE_RESULTS);
      const Parameters = names.slice(start, end).map((name) => {
        const current = latest(parameters.get(name)!);
        return {
          Name: name,
          ARN: arnOf(name),
          Type: current.type,
          ...(current.keyId !== undefined && { KeyId: current.keyId }),
          LastModifiedDate: epochSeconds(current.modified),
          ...(current.description !== undefined && { Description: current.description }),
          Version: current.version,
          Tier: "Standard",
          Policies: [],
          DataType: "text",
        };
      });
      const more = end < names.length;
      return {
        Parameters,
        ...(more && { NextToken: Buffer.from(`o${end}`).toString("base64url") }),
      };
    },
  };

  // Only the Path filter is emulated (the one credchain sends): OneLevel (the default) matches the
  // path's direct children, Recursive everything below it.
  const describeFilter = (
    filters: z.infer<typeof schemas.DescribeParameters>["ParameterFilters"],
  ): ((name: string) => boolean) => {
    const tests: ((name: string) => boolean)[] = [];
    for (const filter of filters ?? []) {
      if (filter.Key !== "Path") {
        throw new ServiceError("InvalidFilterKey", `The filter key ${filter.Key} is not emulated.`);
      }
      const option = filter.Option ?? "OneLevel";
      if (option !== "OneLevel" && option !== "Recursive") {
        throw new ServiceError(
          "InvalidFilterOption",
          `The filter option ${option} is not valid for Path.`,
        );
      }
      const values = filter.Values ?? [];
      if (values.length !== 1 || !values[0]!.startsWith("/")) {
        throw new ServiceError(
          "InvalidFilterValue",
          "The Path filter takes one path starting with '/'.",
        );
      }
      const base = values[0]!.replace(/\/+$/, "");
      tests.push((name) => {
        if (!name.startsWith(`${base}/`)) return false;
        return option === "Recursive" || !name.slice(base.length + 1).includes("/");
      });
    }
    return (name) => tests.every((test) => test(name));
  };

  const namesOf = (body: unknown): string[] => {
    if (typeof body !== "object" || body === null) return [];
    const record = body as Record<string, unknown>;
    const names: string[] = [];
    if (typeof record.Name === "string") names.push(record.Name);
    if (Array.isArray(record.Names))
      names.push(...record.Names.filter((v): v is string => typeof v === "string"));
    return names;
  };

  const server = await startLoopbackServer(
    jsonProtocolHandler({
      targetPrefix: "AmazonSSM.",
      signingName: "ssm",
      registry,
      region: options.region,
      now,
      operations: SSM_OPERATIONS,
      schemas,
      handlers,
      internalErrorType: "InternalServerError",
      newCall: (op, body) => {
        const call: SsmCall = { op, names: namesOf(body), hasSessionToken: false, status: 200 };
        const decryption = (body as { WithDecryption?: unknown } | undefined)?.WithDecryption;
        if (typeof decryption === "boolean") call.withDecryption = decryption;
        const filters = (body as { ParameterFilters?: unknown } | undefined)?.ParameterFilters;
        if (Array.isArray(filters)) {
          call.paths = (filters as { Key?: unknown; Values?: unknown }[])
            .filter((f) => f?.Key === "Path")
            .flatMap((f): unknown[] => (Array.isArray(f.Values) ? f.Values : []))
            .filter((v): v is string => typeof v === "string");
        }
        return call;
      },
      calls,
      admit: (op, call) => {
        if (!READ_OPERATIONS.has(op) || takeToken()) return undefined;
        call.rateLimited = true;
        return new ServiceError("ThrottlingException", "Rate exceeded");
      },
    }),
  );

  const mustFind = (nameOrArn: string, caller: string) => {
    const parameter = find(nameOrArn);
    if (parameter === undefined) throw new Error(`${caller}: no parameter '${nameOrArn}'`);
    return parameter;
  };

  const emulator: SsmEmulator = {
    url: server.url,
    env: { AWS_ENDPOINT_URL_SSM: server.url },
    registry,
    faults: server.faults,
    ...callLog(calls),
    setParameter(name, value, seed = {}) {
      checkName(name);
      const isList = typeof value !== "string";
      // A plain string keeps an existing parameter's type, as PutParameter without Type does.
      const type =
        seed.type ?? (isList ? "StringList" : parameters.has(name) ? undefined : "String");
      const { parameter, version } = put(name, {
        value: isList ? value.join(",") : value,
        ...(type !== undefined && { type }),
        ...(seed.keyId !== undefined && { keyId: seed.keyId }),
        ...(seed.description !== undefined && { description: seed.description }),
      });
      if (seed.accessDenied !== undefined) parameter.faults.accessDenied = seed.accessDenied;
      if (seed.kmsFailure !== undefined) parameter.faults.kmsFailure = seed.kmsFailure;
      if (seed.labels !== undefined) emulator.labelParameterVersion(name, seed.labels);
      return { version: version.version, arn: arnOf(name) };
    },
    labelParameterVersion(nameOrArn, labels, version) {
      const parameter = mustFind(nameOrArn, "labelParameterVersion");
      const target =
        version === undefined
          ? latest(parameter)
          : parameter.versions.find((v) => v.version === version);
      if (target === undefined)
        throw new Error(`labelParameterVersion: '${parameter.name}' has no version ${version}`);
      for (const label of labels) {
        checkLabel(label);
        for (const other of parameter.versions) other.labels.delete(label);
        target.labels.add(label);
      }
    },
    setParameterFaults(nameOrArn, faults) {
      Object.assign(mustFind(nameOrArn, "setParameterFaults").faults, faults);
    },
    inspectParameter(nameOrArn) {
      const parameter = find(nameOrArn);
      if (parameter === undefined) return undefined;
      const current = latest(parameter);
      return {
        name: parameter.name,
        arn: arnOf(parameter.name),
        type: current.type,
        ...(current.keyId !== undefined && { keyId: current.keyId }),
        ...(current.description !== undefined && { description: current.description }),
        version: current.version,
        value: current.value,
        versions: parameter.versions.map((v) => ({
          version: v.version,
          value: v.value,
          type: v.type,
          labels: [...v.labels],
          lastModifiedDate: v.modified,
        })),
      };
    },
    close: () => server.close(),
  };

  try {
    for (const [name, seed] of Object.entries(options.parameters ?? {})) {
      if (isSeed(seed)) emulator.setParameter(name, seed.value, seed);
      else emulator.setParameter(name, seed);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return emulator;
}
