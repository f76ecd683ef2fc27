import { describe, expect, it } from "vitest";
import {
  PARTITIONS,
  isKnownRegion,
  nearestKnownRegion,
  partitionOf,
} from "../../src/core/partitions.js";

// The SDK's own table (no public entry point exports it).
const SDK_TABLE =
  "../../node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js";
const { partitionsInfo } = (await import(SDK_TABLE)) as { partitionsInfo: unknown };

interface SdkPartition {
  id: string;
  regionRegex: string;
  regions: Record<string, unknown>;
}

describe("the core's partition table", () => {
  it("lists the same partitions, regions and region patterns as the AWS SDK", () => {
    // The core may not import the SDK, so it keeps its own copy; this keeps the copy current.
    const sdk = (partitionsInfo as { partitions: SdkPartition[] }).partitions.map((p) => ({
      id: p.id,
      regions: Object.keys(p.regions)
        .filter((r) => !r.endsWith("-global"))
        .sort(),
      regex: new RegExp(p.regionRegex).source,
    }));
    const ours = PARTITIONS.map((p) => ({
      id: p.id,
      regions: [...p.regions].sort(),
      regex: p.regionRegex.source,
    }));
    expect(ours.map(({ id, regions }) => ({ id, regions }))).toEqual(
      sdk.map(({ id, regions }) => ({ id, regions })),
    );
    for (const [i, p] of PARTITIONS.entries()) {
      for (const region of sdk[i]!.regions) expect(p.regionRegex.test(region)).toBe(true);
    }
  });

  it.each([
    ["us-gov-west-1", "aws-us-gov"],
    ["cn-northwest-1", "aws-cn"],
    ["eusc-de-east-1", "aws-eusc"],
    ["us-iso-east-1", "aws-iso"],
    ["eu-isoe-west-1", "aws-iso-e"],
    ["ap-southeast-7", "aws"],
    ["xx-future-1", "aws"],
  ])("puts %s in %s", (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  it("knows listed regions and suggests the nearest for a typo", () => {
    expect(isKnownRegion("eu-west-1")).toBe(true);
    expect(isKnownRegion("eu-wst-1")).toBe(false);
    expect(nearestKnownRegion("eu-wst-1")).toBe("eu-west-1");
  });
});
