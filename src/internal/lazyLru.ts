import type * as LruModule from "lru-cache";
import { loadPackage } from "../core/lazyZod.js";

type LruCacheClass = typeof LruModule.LRUCache;
let loaded: LruCacheClass | undefined;

/**
 * lru-cache's `LRUCache` class, loaded on first use. Importing lru-cache costs several
 * milliseconds of CPU; loading it when the first secret store or tenant resolver is created keeps
 * `import "credchain"` light (docs/performance.md in the package). Same loading trick as `zod()` in
 * core/lazyZod.ts, which explains why it is not `typeof require`.
 * @internal
 */
export function lruCache(): LruCacheClass {
  loaded ??= loadPackage<typeof LruModule>("lru-cache").LRUCache;
  return loaded;
}
