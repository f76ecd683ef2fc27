// The credentials every loopback emulator accepts as signing keys. One registry is shared by all
// emulators started together, so temporary credentials issued by the STS, container or IMDS
// emulator also verify at Secrets Manager, Bedrock, Polly, SES and S3.
import { randomBytes } from "node:crypto";

/** The AWS documentation example access key ID; accepted by every emulator by default. */
export const EXAMPLE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
/** The AWS documentation example secret access key paired with {@link EXAMPLE_ACCESS_KEY_ID}. */
export const EXAMPLE_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/** The example pair as an `AwsCredentialIdentity`, ready for an SDK client's `credentials`. */
export const EXAMPLE_CREDENTIALS: {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
} = {
  accessKeyId: EXAMPLE_ACCESS_KEY_ID,
  secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY,
};
/** The account every emulator reports (ARNs, GetCallerIdentity). */
export const EMULATOR_ACCOUNT_ID = "123456789012";

/** A key pair (and optional session token) an emulator will accept as a request's signer. */
export interface RegisteredCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, requests signed with this key must carry exactly this `x-amz-security-token`. */
  readonly sessionToken?: string;
  /** After this instant the key is rejected as expired (`ExpiredTokenException`). */
  readonly expiration?: Date;
  /** The principal, as GetCallerIdentity reports it. */
  readonly arn: string;
  /** The unique ID, as GetCallerIdentity reports it (`AIDA…` for users, `AROA…:session` for roles). */
  readonly userId: string;
  readonly accountId: string;
}

/** What {@link CredentialRegistry.add} takes; the principal defaults to an IAM user. */
export interface CredentialInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** @default `arn:aws:iam::123456789012:user/credchain-test` */
  arn?: string;
  /** @default a stable `AIDA…` derived from the access key ID */
  userId?: string;
}

/** Options for {@link CredentialRegistry.issueTemporary}. */
export interface TemporaryCredentialInput {
  /** @default `arn:aws:sts::123456789012:assumed-role/credchain-test-role/credchain-session` */
  arn?: string;
  /** @default `AROA…:<session name taken from arn>` */
  userId?: string;
  /** Lifetime of the credentials. @default 3_600_000 (one hour) */
  durationMs?: number;
}

/** A mutable set of accepted signing credentials, keyed by access key ID. */
export interface CredentialRegistry {
  readonly accountId: string;
  /** Accepts a key pair (replacing any entry with the same access key ID). */
  add(input: CredentialInput): RegisteredCredential;
  /** Generates, registers and returns fresh `ASIA…` temporary credentials with a session token. */
  issueTemporary(input?: TemporaryCredentialInput): RegisteredCredential;
  /** Generates, registers and returns a fresh long-term `AKIA…` pair. */
  issueLongTerm(input?: { arn?: string }): RegisteredCredential;
  get(accessKeyId: string): RegisteredCredential | undefined;
  /** Stops accepting a key; returns whether it was known. */
  revoke(accessKeyId: string): boolean;
  list(): RegisteredCredential[];
}

/** Options for {@link createCredentialRegistry}. */
export interface CredentialRegistryOptions {
  /** Register the AWS documentation example pair. @default true */
  includeExampleKeys?: boolean;
  /** @default "123456789012" */
  accountId?: string;
  /** Further key pairs to accept from the start. */
  credentials?: readonly CredentialInput[];
}

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function randomKeyId(prefix: "AKIA" | "ASIA" | "AIDA" | "AROA"): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const byte of bytes) out += KEY_ALPHABET[byte % KEY_ALPHABET.length];
  return out;
}

function stableId(prefix: "AIDA" | "AROA", seed: string): string {
  let out = prefix;
  for (let i = 0; i < 16; i++) {
    const code = seed.charCodeAt(i % seed.length) + i * 7;
    out += KEY_ALPHABET[code % KEY_ALPHABET.length];
  }
  return out;
}

function randomSecret(): string {
  return randomBytes(30).toString("base64");
}

function randomSessionToken(): string {
  return `IQoJb3JpZ2luX2VtdWxhdG9y${randomBytes(96).toString("base64")}`;
}

/**
 * Creates the set of signing credentials emulators accept.
 *
 * @example
 * const registry = createCredentialRegistry();
 * const temp = registry.issueTemporary({ durationMs: 900_000 });
 * // a client signing with temp.accessKeyId / temp.secretAccessKey / temp.sessionToken now verifies
 */
export function createCredentialRegistry(
  options: CredentialRegistryOptions = {},
): CredentialRegistry {
  const accountId = options.accountId ?? EMULATOR_ACCOUNT_ID;
  const entries = new Map<string, RegisteredCredential>();

  const add = (input: CredentialInput): RegisteredCredential => {
    const entry: RegisteredCredential = {
      accessKeyId: input.accessKeyId,
      secretAccessKey: input.secretAccessKey,
      ...(input.sessionToken !== undefined && { sessionToken: input.sessionToken }),
      ...(input.expiration !== undefined && { expiration: input.expiration }),
      arn: input.arn ?? `arn:aws:iam::${accountId}:user/credchain-test`,
      userId: input.userId ?? stableId("AIDA", input.accessKeyId),
      accountId,
    };
    entries.set(entry.accessKeyId, entry);
    return entry;
  };

  const registry: CredentialRegistry = {
    accountId,
    add,
    issueTemporary(input = {}) {
      const arn =
        input.arn ?? `arn:aws:sts::${accountId}:assumed-role/credchain-test-role/credchain-session`;
      const session = arn.split("/").at(-1) ?? "session";
      return add({
        accessKeyId: randomKeyId("ASIA"),
        secretAccessKey: randomSecret(),
        sessionToken: randomSessionToken(),
        expiration: new Date(Date.now() + (input.durationMs ?? 3_600_000)),
        arn,
        userId: input.userId ?? `${stableId("AROA", arn)}:${session}`,
      });
    },
    issueLongTerm(input = {}) {
      return add({
        accessKeyId: randomKeyId("AKIA"),
        secretAccessKey: randomSecret(),
        ...(input.arn !== undefined && { arn: input.arn }),
      });
    },
    get: (accessKeyId) => entries.get(accessKeyId),
    revoke: (accessKeyId) => entries.delete(accessKeyId),
    list: () => [...entries.values()],
  };

  if (options.includeExampleKeys ?? true) {
    add({ accessKeyId: EXAMPLE_ACCESS_KEY_ID, secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY });
  }
  for (const input of options.credentials ?? []) add(input);
  return registry;
}
