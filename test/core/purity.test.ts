// credchain/core is pure (DESIGN.md section 1): no I/O, no process.env, no @aws-sdk module.
// Proved twice: statically over the import graph of src/core/index.ts, and by importing the
// entry point in a fresh Node process and listing every module it loaded.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { recordModuleLoads } from "../support/recordModuleLoads.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORE = join(ROOT, "src/core");
const ENTRY = join(CORE, "index.ts");

/** Packages the core may name at run time, and where. Type-only imports are erased. */
const ALLOWED_RUNTIME_IMPORTS: Record<string, string[]> = {
  "node:module": ["lazyZod.ts"], // createRequire, to load zod on first use
  "node:url": ["lazyZod.ts"], // fileURLToPath, to require zod's ESM entry (one copy of zod)
};
const FORBIDDEN_GLOBALS = new Set(["process", "fetch", "require", "XMLHttpRequest", "WebSocket"]);

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

interface FileFacts {
  imports: ImportRef[];
  /** Uses of a forbidden global, as `name.member` or `name`. */
  globals: string[];
}

function factsOf(file: string): FileFacts {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const imports: ImportRef[] = [];
  const globals: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      imports.push({
        specifier: arg !== undefined && ts.isStringLiteral(arg) ? arg.text : "<dynamic>",
        typeOnly: false,
      });
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isMemberName = ts.isPropertyAccessExpression(parent) && parent.name === node;
      const isDeclaredName =
        (ts.isPropertyDeclaration(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isPropertySignature(parent) ||
          ts.isParameter(parent) ||
          ts.isVariableDeclaration(parent)) &&
        parent.name === node;
      const inTypeQuery = ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent);
      if (!isMemberName && !isDeclaredName && !inTypeQuery) {
        globals.push(ts.isPropertyAccessExpression(parent) ? parent.getText(source) : node.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, globals };
}

/** Every file reachable from `entry` through relative imports, with its facts. */
function importGraph(entry: string): Map<string, FileFacts> {
  const graph = new Map<string, FileFacts>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const facts = factsOf(file);
    graph.set(file, facts);
    for (const ref of facts.imports) {
      if (ref.specifier.startsWith(".")) {
        pending.push(resolve(dirname(file), ref.specifier.replace(/\.js$/, ".ts")));
      }
    }
  }
  return graph;
}

describe("credchain/core purity (static)", () => {
  const graph = importGraph(ENTRY);

  it("reaches only files inside src/core", () => {
    expect(graph.size).toBeGreaterThan(10);
    for (const file of graph.keys()) {
      expect(relative(CORE, file), file).not.toMatch(/^\.\./);
    }
  });

  it("imports no package at run time except those allowed", () => {
    const offending: string[] = [];
    for (const [file, facts] of graph) {
      for (const ref of facts.imports) {
        if (ref.specifier.startsWith(".") || ref.typeOnly) continue;
        const allowedIn = ALLOWED_RUNTIME_IMPORTS[ref.specifier] ?? [];
        if (!allowedIn.includes(relative(CORE, file))) {
          offending.push(`${relative(ROOT, file)} imports ${ref.specifier}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it("names no @aws-sdk module, not even as a type", () => {
    for (const [file, facts] of graph) {
      for (const ref of facts.imports) expect(ref.specifier, file).not.toMatch(/^@aws-sdk\//);
    }
  });

  it("reads no process.env and touches no network or require global", () => {
    const uses: string[] = [];
    for (const [file, facts] of graph) {
      for (const use of facts.globals) uses.push(`${relative(ROOT, file)}: ${use}`);
    }
    expect(uses).toEqual([]);
  });
});

describe("credchain/core purity (run time)", () => {
  it("loads no @aws-sdk module (and not even zod until a decision is made)", async () => {
    const { reported, esm } = await recordModuleLoads<{
      afterImport: string[];
      afterDecide: string[];
    }>(
      ENTRY,
      `const afterImport = loaded();
       entry.decideCredentials({ provider: "bedrock", env: { AWS_REGION: "eu-west-1" } });
       report({ afterImport, afterDecide: loaded() });`,
    );
    const { afterImport, afterDecide } = reported;

    // the hooks saw the core itself, so an empty list below is not vacuous
    expect(esm.some((url) => url.endsWith("/src/core/decideCredentials.ts"))).toBe(true);
    expect(afterDecide.some((path) => /[/\\]node_modules[/\\]zod[/\\]/.test(path))).toBe(true);

    const all = [...esm, ...afterDecide];
    expect(
      all.filter((m) => /[/\\]@aws-sdk[/\\]|^node:(fs|net|http|https|tls|dns)/.test(m)),
    ).toEqual([]);
    expect(all.filter((m) => /[/\\]node_modules[/\\]@smithy[/\\]/.test(m))).toEqual([]);
    expect(afterImport.filter((path) => /[/\\]node_modules[/\\]zod[/\\]/.test(path))).toEqual([]);
  });
});
