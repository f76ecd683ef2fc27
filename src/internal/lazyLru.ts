import type * as LruModule from "lru-cache";
import { nodeRequire } from "../core/lazyZod.js";

type LruCacheClass = typeof LruModule.LRUCache;
let loaded: LruCacheClass | undefined;

/**
 * lru-cache's `LRUCache` class, loaded on first use. Importing lru-cache costs several
 * milliseconds of CPU; loading it when the first secret store or tenant resolver is created keeps
 * `import "credchain"` light (see docs/performance.md). Same loading trick as `zod()` in
 * core/lazyZod.ts, which explains why it is not `typeof require`.
 * @internal
 */
export function lruCache(): LruCacheClass {
  loaded ??= (nodeRequire()("lru-cache") as typeof LruModule).LRUCache;
  return loaded;
}
