// Issue 10: an ESM application that imports zod and credchain runs one copy of zod, not its own
// ESM copy plus a CommonJS one loaded by credchain's lazy loader.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { recordModuleLoads } from "../support/recordModuleLoads.js";

const ESM_BUILD = resolve(import.meta.dirname, "../../dist/index.js");
const IN_ZOD = /[\\/]node_modules[\\/]zod[\\/]/;
/** The package entry of a zod build: `index.js` (ESM) or `index.cjs` (CommonJS). */
const ZOD_ENTRY = /[\\/]node_modules[\\/]zod[\\/]index\.c?js$/;

interface Loads {
  /** Modules in require's cache and ESM URLs resolved so far. */
  cjs: string[];
  esm: string[];
}

const zodFiles = ({ cjs, esm }: Loads): string[] =>
  [
    ...new Set([
      ...esm.filter((url) => url.startsWith("file:")).map((url) => fileURLToPath(url)),
      ...cjs,
    ]),
  ].filter((p) => IN_ZOD.test(p));

describe("zod loads once", () => {
  it("shares the application's ESM zod: credchain validates with it, and no second copy loads", async () => {
    // Act: the app imports zod; credchain validates an input (zod) and creates a store. Then, as a
    // control in the same process, something requires zod's CommonJS build: a second copy.
    const { reported } = await recordModuleLoads<{
      message: string;
      once: Loads;
      twice: Loads;
    }>(
      ESM_BUILD,
      `
      const z = await import("zod");
      let message = "";
      try {
        entry.decideCredentials({ provider: "bedrock", env: {}, adminKeys: "x" });
      } catch (error) {
        message = error.message;
      }
      entry.createSecretStore({ env: {} });
      const once = { cjs: loaded(), esm: loadedEsm() };
      createRequire(${JSON.stringify(ESM_BUILD)})("zod");
      report({ message, once, twice: { cjs: loaded(), esm: loadedEsm() } });
      `,
    );
    const once = zodFiles(reported.once);

    // Assess: credchain did validate (its did-you-mean comes from the zod schema's shape)...
    expect(reported.message).toContain("unknown option `adminKeys` (did you mean `adminKey`?)");
    // ...with zod loaded once: one package entry, the ESM one, and no file of the CommonJS build.
    expect(once.filter((p) => ZOD_ENTRY.test(p))).toEqual([
      expect.stringMatching(/[\\/]zod[\\/]index\.js$/),
    ]);
    expect(once.some((p) => /[\\/]v4[\\/]core[\\/]core\.js$/.test(p))).toBe(true);
    expect(once.filter((p) => p.endsWith(".cjs"))).toEqual([]);
    // The same measure sees a second copy when there is one.
    expect(
      zodFiles(reported.twice)
        .filter((p) => ZOD_ENTRY.test(p))
        .sort(),
    ).toEqual([
      expect.stringMatching(/[\\/]zod[\\/]index\.cjs$/),
      expect.stringMatching(/[\\/]zod[\\/]index\.js$/),
    ]);
  });
});
