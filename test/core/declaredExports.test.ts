// Issue 10, "surface": every entry point's .d.ts / .d.cts declares as values exactly what the
// module exports at runtime. A class exported "as a type only" in src/ came out of the
// declaration bundle as `export { LlmApiKey }` (a value), so `import { LlmApiKey }` type-checked
// and was undefined at runtime. Reads the built dist (npm test builds first).
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const DIST = resolve(import.meta.dirname, "../../dist");
const ENTRIES = ["index", "core/index", "testing/index"];

/** Whether an alias, or one it re-exports or imports through, is written `type`. */
function typeOnly(checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  for (let s: ts.Symbol | undefined = symbol, i = 0; s && i < 16; i++) {
    for (const d of s.declarations ?? []) {
      if (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) return true;
      if (ts.isImportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) return true;
      if (ts.isImportClause(d) && d.isTypeOnly) return true;
    }
    s = s.flags & ts.SymbolFlags.Alias ? checker.getImmediateAliasedSymbol(s) : undefined;
  }
  return false;
}

/** The names a declaration file exports as values (what `import { x }` may use as a value). */
function declaredValueExports(file: string): string[] {
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, strict: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`${file}: no module symbol`);
  const values: string[] = [];
  for (const symbol of checker.getExportsOfModule(module)) {
    if (typeOnly(checker, symbol)) continue;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (target.flags & ts.SymbolFlags.Value) values.push(symbol.name);
  }
  return values.sort();
}

describe("declared value exports match the runtime exports", () => {
  it.each(ENTRIES)("%s (ESM: .js and .d.ts)", async (entry) => {
    const runtime = Object.keys(
      (await import(pathToFileURL(join(DIST, `${entry}.js`)).href)) as object,
    ).sort();
    expect(declaredValueExports(join(DIST, `${entry}.d.ts`))).toEqual(runtime);
  });

  it.each(ENTRIES)("%s (CommonJS: .cjs and .d.cts)", (entry) => {
    const runtime = Object.keys(
      createRequire(import.meta.url)(join(DIST, `${entry}.cjs`)) as object,
    ).sort();
    expect(declaredValueExports(join(DIST, `${entry}.d.cts`))).toEqual(runtime);
  });

  it("LlmApiKey is a type, not a value, in the declarations", () => {
    expect(declaredValueExports(join(DIST, "index.d.ts"))).not.toContain("LlmApiKey");
  });
});
