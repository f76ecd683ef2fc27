import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as ZodModule from "zod";

type Zod = typeof ZodModule;
let loaded: Zod | undefined;

/**
 * zod, loaded on first use. Importing zod costs tens of milliseconds; loading it when the first
 * input is validated keeps `import "credchain/core"` near free (docs/performance.md in the package).
 * @internal
 */
export function zod(): Zod {
  loaded ??= loadPackage<Zod>("zod");
  return loaded;
}

/** `true` in the CommonJS build, `false` in the ESM one (tsup.config.ts); absent from source. */
declare const __CREDCHAIN_CJS__: boolean | undefined;
const CJS_BUILD = typeof __CREDCHAIN_CJS__ === "boolean" && __CREDCHAIN_CJS__;

/**
 * Where this module is, for `createRequire`. The build says which format it is (a constant tsup
 * defines per format), so nothing global is probed: in an ESM process a global `__filename` (set by
 * a bundler shim, a test harness or `node -e` code) once made the first zod load fail, and in a
 * CommonJS one with a global `document` (Jest's jsdom) the bundler's `import.meta.url` shim answers
 * the page's URL. The CommonJS build uses its own module-scoped `__filename`; the ESM build and
 * the source use `import.meta.url` (a build without the constant whose `import.meta` is empty, as
 * esbuild's CommonJS output, falls back to `__filename`).
 */
function ownLocation(): string {
  if (CJS_BUILD) return __filename;
  const url: string | undefined = import.meta.url;
  return typeof url === "string" ? url : __filename;
}

/** Node's `require` for loading a package on first use, in both the ESM and the CJS build. @internal */
export function nodeRequire(): NodeJS.Require {
  return createRequire(ownLocation());
}

/**
 * Loads a package synchronously, as the same copy the application gets. In the CJS build that is
 * `require`. In the ESM build a plain `require` would load the package's CommonJS build beside the
 * ESM one an ESM application imports — two copies of zod (its classes and registries) in one
 * process — so the ESM entry the package exports is resolved and required (`require(esm)`, Node
 * 20.19+), which shares Node's module cache with `import`. Packages without an ESM entry, and Node
 * versions without `require(esm)`, fall back to `require`.
 * @internal
 */
export function loadPackage<T>(specifier: string): T {
  const load = nodeRequire();
  if (!CJS_BUILD && typeof import.meta.resolve === "function") {
    try {
      const url = import.meta.resolve(specifier);
      if (url.startsWith("file:")) return load(fileURLToPath(url)) as T;
    } catch {
      // No ESM entry, or no require(esm): the CommonJS build below.
    }
  }
  return load(specifier) as T;
}

/** Memoizes a schema factory so each schema is built once, on first use. @internal */
export function lazySchema<T>(build: (z: Zod) => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build(zod()));
}
