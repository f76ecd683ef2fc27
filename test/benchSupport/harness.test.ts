// Correctness of the benchmark harness (test/bench is not part of the test run; its numbers are
// never asserted). Checks the arithmetic behind results.json, not any timing.
import { describe, expect, it } from "vitest";
import { formatTable } from "../bench/formatTable.js";
import { median, resultRow, round3, type BenchResults } from "../bench/harness.js";

describe("median", () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, -1, 10, 10, 0], 10],
  ])("of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("refuses an empty list instead of reporting NaN", () => {
    expect(() => median([])).toThrow(/no values/);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("resultRow", () => {
  it("computes the ratio against the peer and judges a ratio target with it", () => {
    const row = resultRow({
      name: "cached-get",
      unit: "ns/call",
      credchain: 380,
      peer: "powertools",
      peerValue: 1000,
      target: "ratio ≤ 0.5",
      met: (ratio) => ratio !== null && ratio <= 0.5,
    });
    expect(row).toMatchObject({ ratio: 0.38, met: true, credchain: 380, peerValue: 1000 });
  });

  it("reports a missed ratio target as not met", () => {
    const row = resultRow({
      name: "hot-provider",
      unit: "ns/call",
      credchain: 510,
      peer: "sdk",
      peerValue: 500,
      target: "ratio ≤ 1.0",
      met: (ratio) => ratio !== null && ratio <= 1.0,
    });
    expect(row.ratio).toBe(1.02);
    expect(row.met).toBe(false);
  });

  it("has no ratio without a peer value or with a zero one", () => {
    for (const peerValue of [null, 0]) {
      const row = resultRow({
        name: "x",
        unit: "ms",
        credchain: 3,
        peer: "none",
        peerValue,
        target: "≤ 5 ms",
        met: (ratio) => ratio !== null,
      });
      expect(row.ratio).toBeNull();
      expect(row.met).toBe(false);
    }
  });

  it("keeps the row shape results.json promises", () => {
    const row = resultRow({
      name: "preload",
      unit: "API calls",
      credchain: 5,
      peer: "powertools",
      peerValue: 100,
      target: "5 vs 100",
      met: true,
    });
    expect(Object.keys(row).sort()).toEqual(
      ["credchain", "met", "name", "peer", "peerValue", "ratio", "target", "unit"].sort(),
    );
  });
});

describe("round3", () => {
  it.each([
    [123456, 123000],
    [0.0012345, 0.00123],
    [0, 0],
    [1.5, 1.5],
  ])("rounds %d to %d", (value, expected) => {
    expect(round3(value)).toBe(expected);
  });
});

describe("formatTable", () => {
  it("prints one row per scenario and marks missed targets", () => {
    const results: BenchResults = {
      node: "v20.0.0",
      machine: { cpus: 2, loadavg: [1, 1, 1], awaitNs: 50 },
      clock: "cpu",
      startedAt: "2025-01-01T00:00:00.000Z",
      durationS: 1,
      scenarios: [
        resultRow({
          name: "a",
          unit: "ns/call",
          credchain: 1,
          peer: "p",
          peerValue: 2,
          target: "ratio ≤ 1.0",
          met: true,
        }),
        resultRow({
          name: "b",
          unit: "ms",
          credchain: 9,
          peer: "none",
          peerValue: null,
          target: "≤ 5 ms",
          met: false,
        }),
      ],
    };
    const lines = formatTable(results).split("\n");
    expect(lines.filter((l) => l.startsWith("| a |"))).toEqual([
      "| a | ns/call | 1 | 2 | 0.5 | ratio ≤ 1.0 | yes |",
    ]);
    expect(lines.filter((l) => l.startsWith("| b |"))).toEqual([
      "| b | ms | 9 | — | — | ≤ 5 ms | **no** |",
    ]);
  });
});
