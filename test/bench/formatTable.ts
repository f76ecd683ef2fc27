import type { BenchResults } from "./harness.js";

/** The printed form of the results: a Markdown table (also pasted into docs/performance.md). */
export function formatTable(results: BenchResults): string {
  const header = ["scenario", "unit", "credchain", "peer", "ratio", "target", "met"];
  const rows = results.scenarios.map((s) => [
    s.name,
    s.unit,
    String(s.credchain),
    s.peerValue === null ? "—" : String(s.peerValue),
    s.ratio === null ? "—" : String(s.ratio),
    s.target,
    s.met ? "yes" : "**no**",
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `Node ${results.node}, ${results.machine.cpus} CPUs, load average ${results.machine.loadavg.join(" / ")}, ` +
      `${results.clock} clock, one awaited async call = ${results.machine.awaitNs} ns, ${results.durationS} s`,
    "",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
  ].join("\n");
}
