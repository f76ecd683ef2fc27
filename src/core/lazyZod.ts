import { createRequire } from "node:module";
import type * as ZodModule from "zod";

type Zod = typeof ZodModule;
let loaded: Zod | undefined;

/**
 * zod, loaded on first use. Importing zod costs tens of milliseconds; loading it when the first
 * input is validated keeps `import "credchain/core"` near free (see docs/performance.md).
 * @internal
 */
export function zod(): Zod {
  loaded ??= nodeRequire()("zod") as Zod;
  return loaded;
}

/** Node's `require` for loading a package on first use, in both the ESM and the CJS build. @internal */
export function nodeRequire(): NodeJS.Require {
  // The CJS build has no `import.meta.url` but has `__filename`; the ESM build has neither a real
  // `require` nor `__filename`. (`typeof require` cannot tell them apart: the ESM bundle defines a
  // `require` shim that throws for packages.)
  return createRequire(typeof __filename === "string" ? __filename : import.meta.url);
}

/** Memoizes a schema factory so each schema is built once, on first use. @internal */
export function lazySchema<T>(build: (z: Zod) => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build(zod()));
}
