// Issue 10: an ESM application that imports zod and credchain runs one copy of zod, not its own
// ESM copy plus a CommonJS one loaded by credchain's lazy loader.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { recordModuleLoads } from "../support/recordModuleLoads.js";

const ESM_BUILD = resolve(import.meta.dirname, "../../dist/index.js");

describe("zod loads once", () => {
  it("shares the application's ESM zod instead of loading zod's CommonJS build", async () => {
    // Act: the app imports zod, then credchain validates inputs (zod) and creates a store (lru-cache).
    const { reported } = await recordModuleLoads<string[]>(
      ESM_BUILD,
      `
      const z = await import("zod");
      entry.decideCredentials({ provider: "bedrock", env: {} });
      entry.createSecretStore({ env: {} });
      report(loaded().filter((p) => /[\\\\/]node_modules[\\\\/](zod|lru-cache)[\\\\/]/.test(p)));
      `,
    );

    // Assess: nothing of zod's (or lru-cache's) CommonJS build is in require's cache.
    expect(reported.filter((p) => p.endsWith(".cjs") || p.includes("commonjs"))).toEqual([]);
  });
});
