// The benchmarks measure the JavaScript users get, not tsx-transpiled sources: credchain is built
// with the first configuration of tsup.config.ts (ESM part) into .bench/dist, a private directory,
// so a benchmark run never rewrites the dist/ other work may be using.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "tsup";
import type * as CredchainModule from "../../src/index.js";

export type Credchain = typeof CredchainModule;

/** Absolute paths of the private build's entry points. */
export interface CredchainBuild {
  root: string;
  core: string;
}

export const BENCH_DIR = resolve(import.meta.dirname, "../../.bench");

/** Builds `credchain` and `credchain/core` (ESM) into `.bench/dist`. */
export async function buildCredchain(): Promise<CredchainBuild> {
  const outDir = resolve(BENCH_DIR, "dist");
  await build({
    config: false,
    entry: {
      index: resolve(import.meta.dirname, "../../src/index.ts"),
      "core/index": resolve(import.meta.dirname, "../../src/core/index.ts"),
    },
    format: ["esm"],
    outDir,
    splitting: true,
    treeshake: true,
    target: "node20",
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
  });
  return { root: resolve(outDir, "index.js"), core: resolve(outDir, "core/index.js") };
}

/** Imports the private build of `credchain`. */
export async function importCredchain(built: CredchainBuild): Promise<Credchain> {
  return (await import(pathToFileURL(built.root).href)) as Credchain;
}
