// tenants-100k: runs tenantsChild.ts in its own process (--expose-gc) and turns its report into rows.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { resultRow, type BenchConfig, type ScenarioResult } from "../harness.js";
import type { CredchainBuild } from "../loadCredchain.js";
import type { TenantsReport } from "../tenantsChild.js";

const CHILD = resolve(import.meta.dirname, "../tenantsChild.ts");

export function tenantScenarios(built: CredchainBuild, config: BenchConfig): ScenarioResult[] {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", CHILD, built.root, JSON.stringify(config)],
    { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" }, maxBuffer: 16 * 2 ** 20 },
  );
  const report = JSON.parse(out) as TenantsReport;
  const last = report.heapMb.at(-1)!;
  // Bounded: once the cache is full (10 000 tenants), 8× more tenants must not grow the heap.
  const full = report.heapMb.find((h) => h.tenants >= 2 * report.maxTenants) ?? report.heapMb[0]!;
  const growth = last.mb - full.mb;
  const bounded = growth <= Math.max(1, 0.1 * full.mb);
  const curve = report.heapMb.map((h) => `${h.tenants / 1000}k: ${h.mb.toFixed(1)}`).join(", ");
  return [
    resultRow({
      name: "tenants-100k:heap",
      unit: "MB retained",
      credchain: last.mb,
      peer: "none (absolute target)",
      peerValue: null,
      target: `bounded: no growth once the ${report.maxTenants}-tenant cache is full`,
      met: bounded,
      note: `${report.tenants} tenants, each initialize({ credentialId }) + credentials(); heap after full GC over the pre-resolver baseline, MB: ${curve}; growth after ${full.tenants / 1000}k: ${growth.toFixed(2)} MB; ${Math.round(report.initializePerS)} tenants/s; ${report.storeReads} store reads.`,
    }),
    resultRow({
      name: "tenants-100k:hit",
      unit: "ns/call",
      credchain: report.hitNs,
      peer: "none (absolute target)",
      peerValue: null,
      target: "≤ 1000 ns (1 µs) median",
      met: report.hitNs <= 1000,
      note: "session.credentials() of the 1000 most recent tenants (all cached), 1000 awaited calls per sample.",
    }),
  ];
}
