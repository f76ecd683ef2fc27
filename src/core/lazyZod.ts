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

/** Node's `require` for loading a package on first use, in both the ESM and the CJS build. @internal */
export function nodeRequire(): NodeJS.Require {
  // The CJS build has no `import.meta.url` but has `__filename`; the ESM build has neither a real
  // `require` nor `__filename`. (`typeof require` cannot tell them apart: the ESM bundle defines a
  // `require` shim that throws for packages.)
  return createRequire(typeof __filename === "string" ? __filename : import.meta.url);
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
  if (typeof __filename !== "string" && typeof import.meta.resolve === "function") {
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
