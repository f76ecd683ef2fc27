// Issue 10: the lazy loader tells the ESM build from the CommonJS one without trusting a global
// `__filename`. A bundler shim, a test harness or `node -e` code may set `globalThis.__filename` in
// an ESM process; the ESM build read it as its own and failed on the first zod load (a TypeError
// for a relative path, MODULE_NOT_FOUND for a path elsewhere). Runs the built dist (npm test builds
// first) in fresh processes, so zod is loaded for the first time under the hostile global.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const GUARD = join(ROOT, "test/support/network-guard.mjs");
const run = promisify(execFile);
const elsewhere = mkdtempSync(join(tmpdir(), "credchain-filename-"));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

/** What a validation (zod's first use) reports: the did-you-mean only the zod schema can give. */
const validate = (entry: string) => `
  const results = [];
  for (const input of [{ provider: "bedrock", env: {}, adminKeys: "x" }]) {
    try { ${entry}.decideCredentials(input); results.push("accepted"); }
    catch (error) { results.push(${entry}.isCredchainError(error) ? error.code + ": " + error.message : String(error)); }
  }
  try { ${entry}.createSecretStore({ env: {}, ttlMss: 1 }); results.push("accepted"); }
  catch (error) { results.push(${entry}.isCredchainError(error) ? error.code + ": " + error.message : String(error)); }
  process.stdout.write(JSON.stringify(results));
`;

const EXPECTED = [
  expect.stringMatching(
    /^INVALID_INPUT: .*unknown option `adminKeys` \(did you mean `adminKey`\?\)/,
  ),
  expect.stringMatching(/^INVALID_OPTION: .*unknown option `ttlMss` \(did you mean `ttlMs`\?\)/),
];

const HOSTILE: [string, () => string][] = [
  ["a relative path", () => "x"],
  ["a path in another directory", () => join(elsewhere, "bundle.js")],
  ["not a string", () => 42 as unknown as string],
];

async function runNode(args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, ["--import", GUARD, ...args], {
    cwd: elsewhere,
    env: { PATH: process.env.PATH },
  });
  return JSON.parse(stdout) as unknown;
}

describe("the built package validates under a hostile global __filename", () => {
  it.each(HOSTILE)("ESM build, globalThis.__filename is %s", async (_label, value) => {
    const script = `
      globalThis.__filename = ${JSON.stringify(value())};
      const api = await import(${JSON.stringify(join(ROOT, "dist/index.js"))});
      ${validate("api")}
    `;
    expect(await runNode(["--input-type=module", "-e", script])).toEqual(EXPECTED);
  });

  it.each(HOSTILE)("ESM core entry, globalThis.__filename is %s", async (_label, value) => {
    const script = `
      globalThis.__filename = ${JSON.stringify(value())};
      const core = await import(${JSON.stringify(join(ROOT, "dist/core/index.js"))});
      let result;
      try { core.decideCredentials({ env: {}, adminKeys: "x" }); result = "accepted"; }
      catch (error) { result = core.isCredchainError(error) ? error.code + ": " + error.message : String(error); }
      process.stdout.write(JSON.stringify([result]));
    `;
    expect(await runNode(["--input-type=module", "-e", script])).toEqual([EXPECTED[0]]);
  });

  it.each(HOSTILE)("CommonJS build, globalThis.__filename is %s", async (_label, value) => {
    const script = `
      globalThis.__filename = ${JSON.stringify(value())};
      const api = require(${JSON.stringify(join(ROOT, "dist/index.cjs"))});
      ${validate("api")}
    `;
    expect(await runNode(["-e", script])).toEqual(EXPECTED);
  });

  // Jest's jsdom environment runs CommonJS with a global `document`: a bundler's import.meta.url
  // shim then answers the page's URL, not the module's file.
  it("CommonJS build, with a browser-like global document", async () => {
    const script = `
      globalThis.document = { baseURI: "http://localhost/", currentScript: null };
      const api = require(${JSON.stringify(join(ROOT, "dist/index.cjs"))});
      ${validate("api")}
    `;
    expect(await runNode(["-e", script])).toEqual(EXPECTED);
  });
});
