import { defineConfig, type Options } from "tsup";

/** Which build a module is in, for src/core/lazyZod.ts: a constant, never a global to probe. */
const defineBuildFormat: Options["esbuildOptions"] = (options, { format }) => {
  options.define = { ...options.define, __CREDCHAIN_CJS__: JSON.stringify(format === "cjs") };
};

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      "core/index": "src/core/index.ts",
      "testing/index": "src/testing/index.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    splitting: true,
    treeshake: true,
    esbuildOptions: defineBuildFormat,
  },
  {
    entry: { "cli/main": "src/cli/main.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    sourcemap: true,
    target: "node20",
    esbuildOptions: defineBuildFormat,
    // A POSIX sh line (`env sh`, as publint wants an env shebang) that re-runs this file as `node -- <file> <args>`: Node 20 reads a
    // `--env-file` anywhere in a script's argv (and applies the NODE_OPTIONS it holds) unless a `--`
    // comes first. For Node the second line is a string and a comment. `env -S` would do the same
    // but BusyBox (Alpine) has no -S.
    banner: { js: '#!/usr/bin/env sh\n":" //; exec node -- "$0" "$@"' },
  },
]);
