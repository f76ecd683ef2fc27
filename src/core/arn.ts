// ARN shapes, for every partition (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc).
import { PARTITION_IDS, partitionOf, type Partition } from "./partitions.js";

const PARTITION = `(?:${PARTITION_IDS.map((p) => p.replace(/-/g, "\\-")).join("|")})`;
const REGION = "[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}";

/** IAM role ARNs: a known partition, a 12-digit account, an optional path and the role name. */
export const ROLE_ARN_PATTERN = new RegExp(
  `^arn:${PARTITION}:iam::\\d{12}:role\\/(?:[\\w+=,.@-]+\\/)*[\\w+=,.@-]{1,64}$`,
);
/** STS `ExternalId`: 2–1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
/** STS `RoleSessionName`: 2–64 characters of `[\w+=,.@-]`. */
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

/** Secrets Manager secret names: letters, digits and `/_+=.@-`, up to 512 characters. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = new RegExp(
  `^arn:(${PARTITION}):secretsmanager:(${REGION}):(\\d{12}):secret:([A-Za-z0-9/_+=.@-]+)$`,
);

/** The parts of a Secrets Manager secret ARN. */
export interface SecretArn {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  partition: Partition;
  /** The secret's region. */
  region: string;
  /** The 12-digit account. */
  account: string;
  /** The name with Secrets Manager's six-character suffix, when the ARN is complete. */
  resource: string;
}

/** Parses a Secrets Manager secret ARN in any partition; `undefined` when it is not one. */
export function parseSecretArn(value: string): SecretArn | undefined {
  const match = SECRET_ARN.exec(value);
  if (match === null) return undefined;
  const [, partition, region, account, resource] = match;
  return {
    partition: partition as Partition,
    region: region ?? "",
    account: account ?? "",
    resource: resource ?? "",
  };
}

/**
 * Builds an ARN whose partition follows the region (`us-gov-west-1` → `arn:aws-us-gov:…`).
 *
 * @example
 * ```ts
 * arnFor("bedrock", "us-gov-west-1", "", "foundation-model/x"); // "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/x"
 * ```
 */
export function arnFor(service: string, region: string, account: string, resource: string): string {
  return `arn:${partitionOf(region)}:${service}:${region}:${account}:${resource}`;
}
