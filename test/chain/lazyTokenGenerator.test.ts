// `import "credchain"` must not load @aws/bedrock-token-generator (it pulls in the SDK's signer and
// config resolvers): it is loaded by the first short-term key a bedrockTokenProvider mints, and
// from node_modules, as a runtime dependency, never bundled into dist. Checked in a fresh Node
// process that logs every ESM resolution, as test/internal/lazyLru.test.ts does for lru-cache, on
// the built package (npm test builds first): bundling shows only there.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { recordModuleLoads } from "../support/recordModuleLoads.js";

const ROOT = resolve(import.meta.dirname, "../..");
const GENERATOR = /[/\\]node_modules[/\\]@aws[/\\]bedrock-token-generator[/\\]/;

const SNIPPET = `
  const seen = () => [...loaded(), ...loadedEsm()];
  const afterImport = seen();
  const provider = entry.bedrockTokenProvider(
    async () => ({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }),
    { region: "us-east-1" },
  );
  const afterCreate = seen();
  const { token } = await provider();
  report({ afterImport, afterCreate, afterMint: seen(), minted: token.startsWith("bedrock-api-key-") });
`;

interface Loads {
  afterImport: string[];
  afterCreate: string[];
  afterMint: string[];
  minted: boolean;
}

describe("@aws/bedrock-token-generator is loaded lazily, from node_modules", () => {
  it.each([
    ["the ESM build", join(ROOT, "dist/index.js")],
    ["the CommonJS build", join(ROOT, "dist/index.cjs")],
  ])(
    "is not loaded by importing credchain (%s) or creating a provider, and is by the first mint",
    async (_, entry) => {
      const { reported } = await recordModuleLoads<Loads>(entry, SNIPPET);
      expect(reported.minted).toBe(true);
      expect(reported.afterImport.filter((m) => GENERATOR.test(m))).toEqual([]);
      expect(reported.afterCreate.filter((m) => GENERATOR.test(m))).toEqual([]);
      // Bundled into dist, it would mint without ever resolving the package's own files.
      expect(reported.afterMint.some((m) => GENERATOR.test(m))).toBe(true);
    },
  );
});
