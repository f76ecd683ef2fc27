// `import "credchain"` must not load lru-cache (several ms of CPU): it is loaded when the first
// secret store or tenant resolver is created. Checked in a fresh Node process that logs every ESM
// resolution and lists the CommonJS modules loaded, as test/core/purity.test.ts does for the core.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { recordModuleLoads } from "../support/recordModuleLoads.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = join(ROOT, "src/index.ts");
const LRU = /[/\\]node_modules[/\\]lru-cache[/\\]/;

describe("lru-cache is loaded lazily", () => {
  it("is not loaded by importing credchain, and is once a store or resolver is created", async () => {
    const { reported, esm } = await recordModuleLoads<Record<string, string[]>>(
      ENTRY,
      `const afterImport = [...loaded(), ...loadedEsm()];
       entry.createSecretStore({ env: {}, useSecretsManager: false });
       const afterStore = [...loaded(), ...loadedEsm()];
       entry.createTenantResolver({ store: entry.memoryCredentialStore() });
       report({ afterImport, afterStore, afterResolver: [...loaded(), ...loadedEsm()] });`,
    );
    const { afterImport, afterStore, afterResolver } = reported;

    // the hook saw the root's own modules, so the empty list below is not vacuous
    expect(esm.some((url) => url.endsWith("/src/tenants/createTenantResolver.ts"))).toBe(true);
    // one copy in all (its ESM entry, through require(esm): the application's own copy)
    expect(new Set(esm.filter((url) => LRU.test(url))).size).toBe(1);
    expect(afterImport!.filter((path) => LRU.test(path))).toEqual([]);
    expect(afterStore!.some((path) => LRU.test(path))).toBe(true);
    // the resolver reuses the store's copy: one file, whether seen by require.cache or by the hook
    const copies = new Set(
      afterResolver!.filter((p) => LRU.test(p)).map((p) => p.replace(/^file:\/\//, "")),
    );
    expect(copies.size).toBe(1);
  });
});
