// `import "credchain"` must not load lru-cache (several ms of CPU): it is loaded when the first
// secret store or tenant resolver is created. Checked in a fresh Node process that logs every ESM
// resolution and lists the CommonJS modules loaded, as test/core/purity.test.ts does for the core.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = join(ROOT, "src/index.ts");
const GUARD = join(ROOT, "test/support/network-guard.mjs");
const LRU = /[/\\]node_modules[/\\]lru-cache[/\\]/;

const RECORD_RESOLUTIONS = `data:text/javascript,${encodeURIComponent(`
  import { appendFileSync } from "node:fs";
  let log;
  export function initialize(data) { log = data.log; }
  export async function resolve(specifier, context, nextResolve) {
    const result = await nextResolve(specifier, context);
    appendFileSync(log, result.url + "\\n");
    return result;
  }
`)}`;

const run = promisify(execFile);

describe("lru-cache is loaded lazily", () => {
  it("is not loaded by importing credchain, and is once a store or resolver is created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "credchain-lru-"));
    const log = join(dir, "loads.txt");
    try {
      const script = `
        import { createRequire, register } from "node:module";
        register(${JSON.stringify(RECORD_RESOLUTIONS)}, { data: { log: ${JSON.stringify(log)} } });
        const cjsLoaded = () => Object.keys(createRequire(${JSON.stringify(ENTRY)}).cache);
        const credchain = await import(${JSON.stringify(ENTRY)});
        const afterImport = cjsLoaded();
        credchain.createSecretStore({ env: {}, useSecretsManager: false });
        const afterStore = cjsLoaded();
        credchain.createTenantResolver({ store: credchain.memoryCredentialStore() });
        process.stdout.write(JSON.stringify({ afterImport, afterStore, afterResolver: cjsLoaded() }));
      `;
      const { stdout } = await run(
        process.execPath,
        ["--import", GUARD, "--import", "tsx", "--input-type=module", "-e", script],
        { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
      );
      const { afterImport, afterStore, afterResolver } = JSON.parse(stdout) as Record<
        string,
        string[]
      >;
      const esm = readFileSync(log, "utf8").split("\n").filter(Boolean);

      // the hook saw the root's own modules, so the empty list below is not vacuous
      expect(esm.some((url) => url.endsWith("/src/tenants/createTenantResolver.ts"))).toBe(true);
      expect(esm.filter((url) => LRU.test(url))).toEqual([]);
      expect(afterImport!.filter((path) => LRU.test(path))).toEqual([]);
      expect(afterStore!.some((path) => LRU.test(path))).toBe(true);
      expect(afterResolver!.filter((path) => LRU.test(path))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
