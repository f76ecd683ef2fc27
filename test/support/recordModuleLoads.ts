// Runs a snippet in a fresh Node process (tsx + the network guard) that imports one entry point,
// and reports which modules got loaded: every ESM URL the resolver saw, plus what the snippet
// collects with `loaded()` (the CommonJS modules in require.cache at that moment).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(import.meta.dirname, "../..");
const GUARD = join(ROOT, "test/support/network-guard.mjs");
const run = promisify(execFile);

/** A module-resolution hook (run in Node's loader thread) that logs every URL it resolves. */
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

/**
 * Imports `entry` (as `entry` in the snippet) in a fresh process, then runs `snippet`, which may
 * call `loaded()` for the CommonJS modules loaded so far, `loadedEsm()` for the ESM URLs resolved so
 * far (an ESM package that `require(esm)` loads shows up there), and must call `report(value)` once.
 * Returns what it reported and every ESM URL resolved during the run.
 */
export async function recordModuleLoads<T>(
  entry: string,
  snippet: string,
): Promise<{ reported: T; esm: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "credchain-loads-"));
  const log = join(dir, "loads.txt");
  try {
    const script = `
      import { readFileSync } from "node:fs";
      import { createRequire, register } from "node:module";
      register(${JSON.stringify(RECORD_RESOLUTIONS)}, { data: { log: ${JSON.stringify(log)} } });
      const loaded = () => Object.keys(createRequire(${JSON.stringify(entry)}).cache);
      const loadedEsm = () => readFileSync(${JSON.stringify(log)}, "utf8").split("\\n").filter(Boolean);
      const report = (value) => process.stdout.write(JSON.stringify(value));
      const entry = await import(${JSON.stringify(entry)});
      ${snippet}
    `;
    const { stdout } = await run(
      process.execPath,
      ["--import", GUARD, "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );
    return {
      reported: JSON.parse(stdout) as T,
      esm: readFileSync(log, "utf8").split("\n").filter(Boolean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
