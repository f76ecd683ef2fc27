// Child process of tenants-100k (run with --expose-gc, so heap figures are taken after a full GC
// and no other scenario's garbage is counted): N distinct tenants initialize a stored-credential
// session through one resolver with a 10 000-tenant cache, then cached sessions are timed.
import "../support/network-guard.mjs";
import { pathToFileURL } from "node:url";
import { EXAMPLE_KEYS, nsPerCall, type BenchConfig } from "./harness.js";
import type { CredentialStore, TenantSession } from "../../src/index.js";
import type { Credchain } from "./loadCredchain.js";

export interface TenantsReport {
  tenants: number;
  maxTenants: number;
  /** Retained heap over the baseline (MB) after every 10% of the tenants. */
  heapMb: Array<{ tenants: number; mb: number }>;
  /** Tenants per second through initialize + one credentials() call. */
  initializePerS: number;
  hitNs: number;
  storeReads: number;
}

const MAX_TENANTS = 10_000;
const HIT_SESSIONS = 1000;

async function main(): Promise<void> {
  const [root, configJson] = process.argv.slice(2);
  if (root === undefined || configJson === undefined)
    throw new Error("usage: tenantsChild <dist> <config>");
  const config = JSON.parse(configJson) as BenchConfig;
  const credchain = (await import(pathToFileURL(root).href)) as Credchain;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("tenantsChild needs node --expose-gc");
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };

  // A store that makes each record on demand, so the heap holds only what the resolver keeps.
  let storeReads = 0;
  const createdAt = new Date("2025-01-01T00:00:00Z");
  const store: CredentialStore = {
    name: "synthetic",
    async create() {},
    async get(tenantId, credentialId) {
      storeReads += 1;
      return new credchain.StoredCredential({
        tenantId,
        credentialId,
        awsAccessKeyId: EXAMPLE_KEYS.accessKeyId,
        awsSecretAccessKey: EXAMPLE_KEYS.secretAccessKey,
        region: "us-east-2",
        createdAt,
      });
    },
    async rotate() {
      throw new Error("not used by the benchmark");
    },
    async list() {
      return [];
    },
    async delete() {
      return false;
    },
  };

  const baseline = heap();
  const resolver = credchain.createTenantResolver({ store, cache: { maxTenants: MAX_TENANTS } });
  const tenantId = (i: number) => `tenant-${String(i).padStart(6, "0")}`;
  const heapMb: TenantsReport["heapMb"] = [];
  const step = Math.max(1, Math.floor(config.tenants / 10));
  const start = performance.now();
  for (let i = 0; i < config.tenants; i++) {
    const session = await resolver.initialize(tenantId(i), { credentialId: "primary" });
    await session.credentials();
    if ((i + 1) % step === 0) heapMb.push({ tenants: i + 1, mb: (heap() - baseline) / 2 ** 20 });
  }
  const initializePerS = config.tenants / ((performance.now() - start) / 1000);

  // The last 1000 tenants are the most recently used, so all of them are cache hits. Their
  // sessions are opened only now, so the heap figures above hold none the harness keeps.
  const readsBefore = storeReads;
  const hitSessions: TenantSession[] = [];
  for (let i = config.tenants - HIT_SESSIONS; i < config.tenants; i++) {
    hitSessions.push(await resolver.initialize(tenantId(i), { credentialId: "primary" }));
  }
  let next = 0;
  const ns = await nsPerCall(
    { hit: () => hitSessions[next++ % hitSessions.length]!.credentials() },
    config,
    1000,
  );
  if (storeReads !== readsBefore) throw new Error("tenants: a timed call missed the cache");
  const report: TenantsReport = {
    tenants: config.tenants,
    maxTenants: MAX_TENANTS,
    heapMb,
    initializePerS,
    hitNs: ns.hit!,
    storeReads,
  };
  process.stdout.write(JSON.stringify(report));
}

await main();
