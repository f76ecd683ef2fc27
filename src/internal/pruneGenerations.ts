import { rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  TOMBSTONE,
  committedParent,
  hasSuccessor,
  listGenerations,
  type Listing,
} from "./generationChain.js";
import {
  ROOT,
  isTrashName,
  newTrashName,
  writerIsGone,
  type GenerationName,
} from "./generationNames.js";

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Moves a generation directory out of the chain's namespace, then deletes it. The rename is the
 * step that matters: once it is done no path names the directory, so no writer can link a
 * successor into it (`ENOENT`), and since names are unique it never comes back.
 * @internal
 */
export async function trashGeneration(dir: string, name: string): Promise<void> {
  const trash = join(dir, newTrashName());
  try {
    await rename(join(dir, name), trash);
  } catch (error) {
    if (code(error) === "ENOENT") return;
    throw error;
  }
  await removeDirectory(trash);
}

// root/next is a hard link to generation 1's state and the root is never removed: before
// generation 1 goes, its link is replaced (atomically, so the name is never free) by a tombstone.
async function retireRoot(dir: string): Promise<void> {
  const tombstone = join(dir, newTrashName());
  await writeFile(tombstone, TOMBSTONE, { mode: 0o600 });
  await rename(tombstone, join(dir, ROOT, "next"));
}

// Unlinks the files a generation directory holds, then the directory: cheaper than a generic
// recursive rm, which it falls back to for anything unexpected inside.
async function removeDirectory(path: string): Promise<void> {
  for (const file of ["next", "state"]) {
    await unlink(join(path, file)).catch((error: unknown) => {
      if (code(error) !== "ENOENT") throw error;
    });
  }
  await rmdir(path).catch(() => rm(path, { recursive: true, force: true }));
}

/**
 * Clean-up after the commit of `committed`, best effort (each entry on its own):
 * - every `t-*` entry is deleted (nothing ever reads one, so any process may);
 * - every generation more than `keep` below `committed` is trashed, committed or not: a writer
 *   still working on one is stale (its parent already has a successor), so its link fails;
 * - a newer generation is trashed when its writer is certainly gone (same host, no such pid) and
 *   nothing shows it was committed: only its writer could have committed it.
 * @internal
 */
export async function pruneGenerations(
  dir: string,
  committed: GenerationName,
  keep: number,
): Promise<void> {
  const listing = await listGenerations(dir);
  if (listing === undefined) return;
  const quietly = (work: Promise<unknown>) => work.catch(() => undefined);
  for (const name of listing.names) {
    if (isTrashName(name)) await quietly(removeDirectory(join(dir, name)));
  }
  for (const generation of listing.generations) {
    if (generation.name === committed.name) continue;
    if (generation.number < committed.number - keep) {
      if (generation.number === 1) await quietly(retireRoot(dir));
      await quietly(trashGeneration(dir, generation.name));
    } else if (writerIsGone(generation)) {
      await quietly(
        abandoned(dir, generation, listing).then((yes) =>
          yes ? trashGeneration(dir, generation.name) : undefined,
        ),
      );
    }
  }
}

/** Whether a gone writer's directory is certainly not part of the chain. */
async function abandoned(
  dir: string,
  generation: GenerationName,
  listing: Listing,
): Promise<boolean> {
  if (await hasSuccessor(dir, generation.name)) return false;
  // Parent already pruned: cannot tell here; the age rule above removes it later.
  if (generation.number > 1 && !listing.byNumber.has(generation.number - 1)) return false;
  return (await committedParent(dir, generation, listing)) === undefined;
}
