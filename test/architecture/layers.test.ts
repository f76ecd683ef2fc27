// Issue 10: the layer rules of .dependency-cruiser.cjs catch an injected back-import and a
// sideways import between top-layer peers. (`npm run lint:layers` checks the real src/.)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const DEPCRUISE = join(ROOT, "node_modules/.bin/depcruise");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const run = promisify(execFile);
const dirs: string[] = [];

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ["src", "--config", CONFIG], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-layers-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler" } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the layer rules", () => {
  it("refuse a back-import: core importing chain", async () => {
    // Prepare
    const dir = tree({
      "src/core/rule.ts":
        'import { chain } from "../chain/chain.js";\nexport const rule = chain;\n',
      "src/chain/chain.ts": "export const chain = 1;\n",
    });

    // Act
    const { code, output } = await cruise(dir);

    // Assess
    expect(code).not.toBe(0);
    expect(output).toContain("core-imports-only-earlier-layers");
    expect(output).toContain("src/core/rule.ts → src/chain/chain.ts");
  });

  it("refuse a sideways import between top-layer peers: clients importing tenants", async () => {
    const dir = tree({
      "src/clients/helper.ts": 'import { t } from "../tenants/t.js";\nexport const h = t;\n',
      "src/tenants/t.ts": "export const t = 1;\n",
    });
    const { code, output } = await cruise(dir);
    expect(code).not.toBe(0);
    expect(output).toContain("clients-does-not-import-its-peers");
  });

  it("accept imports that follow the order", async () => {
    const dir = tree({
      "src/chain/chain.ts": 'import { rule } from "../core/rule.js";\nexport const chain = rule;\n',
      "src/core/rule.ts": "export const rule = 1;\n",
    });
    expect((await cruise(dir)).code).toBe(0);
  });
});
