// The CJS build of credchain/core must decide, not just load: esbuild empties `import.meta` in CJS
// output, which once made every decideCredentials call throw a TypeError from createRequire.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "tsup";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const GUARD = join(ROOT, "test/support/network-guard.mjs");
const run = promisify(execFile);

describe("credchain/core as CommonJS", () => {
  it("decides when loaded with require()", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "credchain-cjs-"));
    try {
      await build({
        config: false,
        entry: { core: join(ROOT, "src/core/index.ts") },
        format: ["cjs"],
        outDir,
        target: "node20",
        dts: false,
        clean: false,
        silent: true,
        external: ["zod"],
      });
      const script = `
        const core = require(${JSON.stringify(join(outDir, "core.cjs"))});
        const decision = core.decideCredentials({ provider: "bedrock", env: { AWS_REGION: "eu-west-1" } });
        let code;
        try { core.decideCredentials({ provider: "bedrock", adminKey: "x:", env: {} }); }
        catch (error) { code = core.isCredchainError(error) ? error.code : String(error); }
        process.stdout.write(JSON.stringify({ auth: decision.auth, region: decision.region, code }));
      `;
      const { stdout } = await run(process.execPath, ["--import", GUARD, "-e", script], {
        env: { PATH: process.env.PATH, NODE_PATH: join(ROOT, "node_modules") },
      });
      expect(JSON.parse(stdout)).toEqual({
        auth: { kind: "aws-default-chain", source: "default-chain", detail: null },
        region: { value: "eu-west-1", source: "env:AWS_REGION" },
        code: "ADMIN_KEY_MALFORMED",
      });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
