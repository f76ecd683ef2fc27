// AWS partitions and their regions, as the AWS SDK's endpoint rules list them
// (@aws-sdk/core's partitionsInfo; a test keeps this table equal to it). The core may not import
// the SDK, so the table lives here.

/** An AWS partition: the first field of every ARN. */
export type Partition =
  | "aws"
  | "aws-cn"
  | "aws-us-gov"
  | "aws-iso"
  | "aws-iso-b"
  | "aws-iso-e"
  | "aws-iso-f"
  | "aws-eusc";

interface PartitionInfo {
  readonly id: Partition;
  readonly regionRegex: RegExp;
  readonly regions: readonly string[];
}

/** @internal */
export const PARTITIONS: readonly PartitionInfo[] = [
  {
    id: "aws",
    regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    regions: [
      "af-south-1",
      "ap-east-1",
      "ap-east-2",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-6",
      "ap-southeast-7",
      "ca-central-1",
      "ca-west-1",
      "eu-central-1",
      "eu-central-2",
      "eu-north-1",
      "eu-south-1",
      "eu-south-2",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "il-central-1",
      "me-central-1",
      "me-south-1",
      "me-west-1",
      "mx-central-1",
      "sa-east-1",
      "sa-west-1",
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
    ],
  },
  { id: "aws-cn", regionRegex: /^cn-\w+-\d+$/, regions: ["cn-north-1", "cn-northwest-1"] },
  { id: "aws-eusc", regionRegex: /^eusc-(de)-\w+-\d+$/, regions: ["eusc-de-east-1"] },
  { id: "aws-iso", regionRegex: /^us-iso-\w+-\d+$/, regions: ["us-iso-east-1", "us-iso-west-1"] },
  {
    id: "aws-iso-b",
    regionRegex: /^us-isob-\w+-\d+$/,
    regions: ["us-isob-east-1", "us-isob-west-1"],
  },
  { id: "aws-iso-e", regionRegex: /^eu-isoe-\w+-\d+$/, regions: ["eu-isoe-west-1"] },
  {
    id: "aws-iso-f",
    regionRegex: /^us-isof-\w+-\d+$/,
    regions: ["us-isof-east-1", "us-isof-south-1"],
  },
  {
    id: "aws-us-gov",
    regionRegex: /^us-gov-\w+-\d+$/,
    regions: ["us-gov-east-1", "us-gov-west-1"],
  },
];

/** Every partition ID, for ARN patterns. */
export const PARTITION_IDS: readonly Partition[] = PARTITIONS.map((p) => p.id);

/**
 * The partition a region belongs to, as the AWS SDK decides it: a listed region first, then the
 * partitions' region patterns; `aws` when nothing matches (the SDK's own fallback).
 *
 * @example
 * ```ts
 * partitionOf("us-gov-west-1"); // "aws-us-gov"
 * partitionOf("cn-north-1");    // "aws-cn"
 * ```
 */
export function partitionOf(region: string): Partition {
  for (const p of PARTITIONS) if (p.regions.includes(region)) return p.id;
  for (const p of PARTITIONS) if (p.regionRegex.test(region)) return p.id;
  return "aws";
}

/** Whether some partition lists `region` (well-formed regions no partition lists draw a warning). */
export function isKnownRegion(region: string): boolean {
  return PARTITIONS.some((p) => p.regions.includes(region));
}

/** The listed region closest to `region` by edit distance, for "did you mean …?" warnings. */
export function nearestKnownRegion(region: string): string {
  let best = "us-east-1";
  let bestDistance = Infinity;
  for (const p of PARTITIONS) {
    for (const known of p.regions) {
      const d = editDistance(region, known);
      if (d < bestDistance) [best, bestDistance] = [known, d];
    }
  }
  return best;
}

/** Levenshtein distance; short strings only (regions, option names). @internal */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
