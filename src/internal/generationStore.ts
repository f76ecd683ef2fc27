import { link, mkdir, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ROOT_NODE,
  RETRY,
  findHead,
  generationFile,
  malformed,
  hasSuccessor,
  type ChainNode,
} from "./generationChain.js";
import type { Generation } from "./generationChain.js";
import { GenerationStoreError } from "./GenerationStoreError.js";
import { ROOT, newGenerationName, type GenerationName } from "./generationNames.js";
import { pruneGenerations, trashGeneration } from "./pruneGenerations.js";
import { syncDirectory } from "./syncDirectory.js";

export type { Generation } from "./generationChain.js";

/** What a change is told about the generation it would create. @internal */
export interface NextGeneration {
  readonly number: number;
  readonly id: string;
  /** The id of the generation it builds on (`undefined` for generation 1). */
  readonly parentId: string | undefined;
}

/**
 * Computes a commit from the newest generation: `content` to commit it, none to commit nothing.
 * It may run several times (once per lost race), each time on a newer head; it must not have
 * effects of its own. What it throws is rethrown as is.
 * @internal
 */
export type GenerationChange<T> = (
  head: Generation | undefined,
  next: NextGeneration,
) => { content?: string; result: T } | Promise<{ content?: string; result: T }>;

/** Options of {@link generationStore}. @internal */
export interface GenerationStoreOptions {
  /** How long a read or commit keeps retrying while other processes move the chain. */
  retryMs: number;
  /** Committed generations kept below the newest, for readers still walking them. @default 4 */
  keep?: number;
}

/** A chain of immutable generations in one directory. @internal */
export interface GenerationStore {
  /** The newest committed generation, or `undefined` when nothing was ever committed. */
  read(): Promise<Generation | undefined>;
  /** Applies `change` to the newest generation and commits it; returns the change's result. */
  commit<T>(change: GenerationChange<T>): Promise<T>;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * A store of immutable generations with no lock: several processes on one machine read and
 * commit concurrently, and a writer killed at any point blocks no one.
 *
 * On disk, under `dir`: `root/` (its `next` is generation 1) and one directory per generation,
 * `g<number>-<id>-<host>-<pid>/` holding `state` (its own name on the first line, then the
 * content) and, once a successor is committed, `next` (a hard link to the successor's `state`).
 *
 * A commit writes and fsyncs its directory, then `link(state, <head>/next)`: creating a name is
 * atomic and exclusive, so exactly one writer extends a given head; the others get `EEXIST`, read
 * the new head and apply their change again. A pruned directory is renamed away first, so a
 * writer still holding it gets `ENOENT`, never a second successor. See docs/security.md.
 * @internal
 */
export function generationStore(dir: string, options: GenerationStoreOptions): GenerationStore {
  const keep = options.keep ?? 4;
  const busy = (what: string) =>
    new GenerationStoreError(
      "busy",
      `${dir}: other writers kept ${what} for longer than ${options.retryMs} ms.`,
    );

  // The newest generation this store saw: the next read walks on from it instead of listing the
  // directory, unless it has been pruned meanwhile.
  let last: Generation | undefined;

  const readUntil = async (deadline: number): Promise<Generation | undefined> => {
    for (let attempt = 0; ; attempt += 1) {
      const head = await findHead(dir, last);
      if (head !== RETRY) return (last = head);
      if (Date.now() >= deadline) throw busy("pruning the generations being read");
      await sleep(Math.min(attempt, 10));
    }
  };

  let rooted = false;
  const ensureRoot = async () => {
    if (rooted) return;
    const created = await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      const notADirectory = code(error) === "EEXIST" || code(error) === "ENOTDIR";
      throw notADirectory ? malformed(dir, "is a file, not a store directory") : error;
    });
    if (created !== undefined) await syncDirectory(dirname(created));
    try {
      await mkdir(join(dir, ROOT), { mode: 0o700 });
      await syncDirectory(dir);
    } catch (error) {
      if (code(error) === "ENOTDIR") throw malformed(dir, "is a file, not a store directory");
      if (code(error) !== "EEXIST") throw error;
    }
    rooted = true;
  };

  // Returns whether the link won; on a lost race (EEXIST) or a pruned parent (ENOENT) the
  // attempt's directory is trashed and the caller reads the new head.
  const tryCommit = async (own: GenerationName, parent: ChainNode, content: string) => {
    const path = join(dir, own.name);
    await mkdir(path, { mode: 0o700 }).catch((error: unknown) => {
      rooted &&= code(error) !== "ENOENT"; // the store directory went away: recreate it next time
      throw error;
    });
    try {
      await writeNewFile(join(path, "state"), generationFile(own.name, content));
      await syncDirectory(path);
      await syncDirectory(dir);
      await link(join(path, "state"), join(dir, parent.name, "next"));
    } catch (error) {
      await trashGeneration(dir, own.name).catch(() => undefined);
      if (code(error) === "EEXIST" || code(error) === "ENOENT") return false;
      throw error;
    }
    await syncDirectory(join(dir, parent.name));
    return true;
  };

  return {
    read: () => readUntil(Date.now() + options.retryMs),
    async commit<T>(change: GenerationChange<T>): Promise<T> {
      const deadline = Date.now() + options.retryMs;
      await ensureRoot();
      for (let lost = 0; ;) {
        const head = await readUntil(deadline);
        const parent: ChainNode = head ?? ROOT_NODE;
        const own = newGenerationName(parent.number + 1);
        const next = { number: own.number, id: own.id, parentId: head?.id };
        const { content, result } = await change(head, next);
        if (content === undefined) return result;
        // Another writer may have committed while the change ran: then writing is wasted.
        const stale = await hasSuccessor(dir, parent.name);
        if (!stale && (await tryCommit(own, parent, content))) {
          last = { name: own.name, number: own.number, id: own.id, parentId: head?.id, content };
          await pruneGenerations(dir, own, keep).catch(() => undefined);
          return result;
        }
        if (Date.now() >= deadline) throw busy("committing");
        if (!stale) {
          lost += 1;
          const backoff = Math.min(4 * 2 ** lost, 64);
          await sleep(Math.random() * backoff);
        }
      }
    },
  };
}

async function writeNewFile(path: string, content: string): Promise<void> {
  const handle = await open(path, "wx", 0o600);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}
