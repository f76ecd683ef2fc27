import type { Logger } from "./Logger.js";
import { findOptionProblems } from "./checkOptions.js";
import { CredentialConfigError } from "./CredentialConfigError.js";
import { lazySchema } from "./lazyZod.js";
import { presentValue } from "./parseAdminKey.js";
import { readEnv, readObject, readOptionalEnv } from "./readInput.js";
import { typeName } from "./safeRead.js";
import { isKnownRegion, nearestKnownRegion } from "./partitions.js";
import { ENV_BEDROCK_MODEL_ID, ENV_DEFAULT_REGION, ENV_REGION } from "./envNames.js";
import type { ModelIdSource, RegionSource, Sourced } from "./types.js";

// The first segment is 2–4 letters: `us`, `eu`, …, and `eusc` (European Sovereign Cloud,
// `eusc-de-east-1`), as in the AWS SDK's partition table.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** The region used when nothing else names one. */
export const DEFAULT_REGION = "us-east-1";

/**
 * Whether `value` has the shape of an AWS region (`us-east-1`, `us-gov-west-1`, `eu-central-2`,
 * `eusc-de-east-1`).
 */
export function isValidRegion(value: string): boolean {
  return typeof value === "string" && REGION.test(value);
}

/** Throws `INVALID_REGION` naming where the region came from, unless it is well formed. */
export function assertRegion(value: string, origin: string): string {
  if (!isValidRegion(value)) {
    throw new CredentialConfigError(
      "INVALID_REGION",
      `The region from ${origin} is not a valid AWS region name.`,
      {
        hint: "Use a region code such as us-east-1 or eu-west-2.",
      },
    );
  }
  return value;
}

/** Inputs of {@link resolveRegion}. */
export interface RegionInput {
  /** The admin panel's region; wins when present (blank means absent). */
  adminRegion?: string | null | undefined;
  /** A region stored with the chosen credentials (secret JSON, tenant record). */
  stored?: Sourced<RegionSource> | undefined;
  /** The environment snapshot (`AWS_REGION`, then `AWS_DEFAULT_REGION`). */
  env: Readonly<Record<string, string | undefined>>;
  /** A parsed env file, consulted after `env`. */
  envFile?: Readonly<Record<string, string | undefined>> | undefined;
  /** Used when nothing above names a region. @default "us-east-1" */
  defaultRegion?: string | undefined;
}

/**
 * Region precedence: admin region → the region stored with the chosen credentials → `AWS_REGION`
 * → `AWS_DEFAULT_REGION` (process env, then env file) → `defaults.region` → `us-east-1`.
 * The first present value wins and must be well formed (`INVALID_REGION` otherwise).
 */
export function resolveRegion(given: RegionInput): Sourced<RegionSource> {
  const input = readRegionInput(given, "resolveRegion");
  const admin = presentValue(input.adminRegion);
  if (admin !== undefined)
    return { value: assertRegion(admin, "the admin region"), source: "admin" };
  if (input.stored !== undefined) return input.stored;
  const candidates: [
    Readonly<Record<string, string | undefined>> | undefined,
    string,
    RegionSource,
  ][] = [
    [input.env, ENV_REGION, "env:AWS_REGION"],
    [input.env, ENV_DEFAULT_REGION, "env:AWS_DEFAULT_REGION"],
    [input.envFile, ENV_REGION, "env-file:AWS_REGION"],
    [input.envFile, ENV_DEFAULT_REGION, "env-file:AWS_DEFAULT_REGION"],
  ];
  for (const [record, name, source] of candidates) {
    const value = presentValue(record?.[name]);
    if (value !== undefined) return { value: assertRegion(value, source), source };
  }
  const fallback = presentValue(input.defaultRegion);
  if (fallback !== undefined)
    return { value: assertRegion(fallback, "defaults.region"), source: "default" };
  return { value: DEFAULT_REGION, source: "default" };
}

/**
 * A warning for a region of the right shape that no AWS partition lists (`eu-wst-1`), naming the
 * nearest listed one; `undefined` for a listed region.
 */
export function unknownRegionWarning(region: Sourced<RegionSource>): string | undefined {
  if (isKnownRegion(region.value)) return undefined;
  return `Region ${region.value} (from ${region.source}) is not a region AWS lists; did you mean ${nearestKnownRegion(region.value)}?`;
}

/** `region`'s value, after logging the unknown-region warning a chain gives for it to `logger`. @internal */
export function warnedRegion(region: Sourced<RegionSource>, logger: Logger | undefined): string {
  const warning = unknownRegionWarning(region);
  if (warning !== undefined) logger?.warn?.(`credchain: ${warning}`);
  return region.value;
}

/** Model ID precedence: admin → `BEDROCK_MODEL_ID` (env, then env file) → `defaults.modelId` → none. */
export function resolveModelId(given: {
  adminModelId?: string | null | undefined;
  env: Readonly<Record<string, string | undefined>>;
  envFile?: Readonly<Record<string, string | undefined>> | undefined;
  defaultModelId?: string | undefined;
  useEnv?: boolean;
}): Sourced<ModelIdSource> | null {
  const input = readRegionInput(given, "resolveModelId");
  const admin = presentValue(input.adminModelId);
  if (admin !== undefined) return { value: admin, source: "admin" };
  if (input.useEnv !== false) {
    const fromEnv = presentValue(input.env[ENV_BEDROCK_MODEL_ID]);
    if (fromEnv !== undefined) return { value: fromEnv, source: "env:BEDROCK_MODEL_ID" };
    const fromFile = presentValue(input.envFile?.[ENV_BEDROCK_MODEL_ID]);
    if (fromFile !== undefined) return { value: fromFile, source: "env-file:BEDROCK_MODEL_ID" };
  }
  const fallback = presentValue(input.defaultModelId);
  return fallback === undefined ? null : { value: fallback, source: "default" };
}

const TEXT_FIELDS = ["adminRegion", "adminModelId", "defaultRegion", "defaultModelId"] as const;

/** The keys each function takes: any other is refused, naming the nearest (types checked below). */
const keysOf = (keys: readonly string[]) =>
  lazySchema((z) =>
    z.strictObject(Object.fromEntries(keys.map((k) => [k, z.unknown().optional()]))),
  );
const INPUT_KEYS = {
  resolveRegion: keysOf(["adminRegion", "stored", "env", "envFile", "defaultRegion"]),
  resolveModelId: keysOf(["adminModelId", "env", "envFile", "defaultModelId", "useEnv"]),
};

/** A defensive copy of the input of {@link resolveRegion} / {@link resolveModelId}. */
function readRegionInput<T extends { env: unknown; envFile?: unknown }>(
  given: T,
  fn: keyof typeof INPUT_KEYS,
): T {
  const hint = `Pass ${fn}({ env, envFile?, … }) with string values.`;
  const input = readObject(given, `${fn} input`, hint);
  const keys = findOptionProblems(input, INPUT_KEYS[fn], true);
  if (!keys.ok) {
    throw new CredentialConfigError("INVALID_INPUT", `${fn} input: ${keys.problems.join("; ")}.`, {
      hint,
    });
  }
  for (const field of TEXT_FIELDS) {
    const value = input[field];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new CredentialConfigError(
        "INVALID_INPUT",
        `${fn} input: ${field} must be a string (got ${typeName(value)}).`,
        { hint },
      );
    }
  }
  return {
    ...input,
    env: readEnv(input.env, `${fn} input.env`),
    envFile: readOptionalEnv(input.envFile, `${fn} input.envFile`),
  } as T;
}
