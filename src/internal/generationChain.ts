import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { GenerationStoreError } from "./GenerationStoreError.js";
import { ROOT, parseGenerationName, type GenerationName } from "./generationNames.js";

/** A committed generation, as {@link findHead} returns it. @internal */
export interface Generation {
  /** Its directory's name under the store directory. */
  readonly name: string;
  /** 1 for the first commit, then +1 per commit. */
  readonly number: number;
  /** The commit's random id (16 hex digits). */
  readonly id: string;
  /** The id of the generation it was committed on top of; `undefined` for generation 1. */
  readonly parentId: string | undefined;
  /** What the writer stored, verbatim. */
  readonly content: string;
}

/** A place in the chain: the root (number 0) or a generation directory. @internal */
export interface ChainNode {
  readonly name: string;
  readonly number: number;
  readonly id: string | undefined;
}

/** The root: its `next` is generation 1. @internal */
export const ROOT_NODE: ChainNode = { name: ROOT, number: 0, id: undefined };

/** What a read found in the store directory, newest generation first. @internal */
export interface Listing {
  readonly names: readonly string[];
  readonly generations: readonly GenerationName[];
  readonly byNumber: ReadonlyMap<number, readonly GenerationName[]>;
}

/** Returned by {@link findHead} when the chain moved under the reader: read again. @internal */
export const RETRY = Symbol("retry");

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

export const malformed = (dir: string, detail: string) =>
  new GenerationStoreError("malformed", `${dir}: ${detail}.`);

/**
 * What `root/next` holds once generation 1 is pruned: the name stays taken (so no stale writer
 * can link a second generation 1) while generation 1's content is gone. @internal
 */
export const TOMBSTONE = "pruned\n";

/** A generation file: its directory's name on the first line, then the content. @internal */
export const generationFile = (name: string, content: string) => `${name}\n${content}`;

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (code(error) === "ENOENT") return undefined;
    throw error;
  }
}

function parseFile(dir: string, text: string, where: string) {
  const newline = text.indexOf("\n");
  const name = parseGenerationName(newline < 0 ? "" : text.slice(0, newline));
  if (name === undefined) throw malformed(dir, `${where} is not a generation file`);
  return { name, content: text.slice(newline + 1) };
}

/** The store directory's entries; `undefined` when it does not exist yet. @internal */
export async function listGenerations(dir: string): Promise<Listing | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (code(error) === "ENOENT") return undefined;
    if (code(error) === "ENOTDIR") throw malformed(dir, "is a file, not a store directory");
    throw error;
  }
  const generations = names
    .map(parseGenerationName)
    .filter((g) => g !== undefined)
    .sort((a, b) => b.number - a.number);
  const byNumber = new Map<number, GenerationName[]>();
  for (const g of generations) byNumber.set(g.number, [...(byNumber.get(g.number) ?? []), g]);
  return { names, generations, byNumber };
}

/**
 * Whether `node` has a `next` (false too when `node` is gone). Listing the directory answers
 * without the cost of a failed open; a `next` created during the listing may be missed, which
 * leaves the answer true for the instant the listing began.
 * @internal
 */
export async function hasSuccessor(dir: string, node: string): Promise<boolean> {
  return (await entries(dir, node))?.includes("next") ?? false;
}

async function entries(dir: string, node: string): Promise<string[] | undefined> {
  try {
    return await readdir(join(dir, node));
  } catch (error) {
    if (code(error) === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * `node`'s successor and its content, or `undefined` when `node` has none (or is gone). `next`
 * is a hard link to the successor's `state`, whose first line is the successor's name.
 */
async function successor(dir: string, node: string) {
  if (!(await hasSuccessor(dir, node))) return undefined;
  const text = await readIfPresent(join(dir, node, "next"));
  return text === undefined ? undefined : parseFile(dir, text, `${node}/next`);
}

/**
 * The directory whose `next` is `generation`, if any: proof that `generation` was committed.
 * Only a committed node ever gets a `next`, so such a parent is itself committed.
 * @internal
 */
export async function committedParent(
  dir: string,
  generation: GenerationName,
  listing: Listing,
): Promise<ChainNode | undefined> {
  const parents =
    generation.number === 1 ? [ROOT_NODE] : (listing.byNumber.get(generation.number - 1) ?? []);
  for (const parent of parents) {
    if ((await successor(dir, parent.name))?.name.name === generation.name) return parent;
  }
  return undefined;
}

/**
 * The newest committed generation at one instant during the call, `undefined` for a store with
 * no commit, or {@link RETRY} when pruning removed the directories being walked.
 *
 * The walk starts at `from` (a generation this process already saw committed) or else at the
 * newest directory of the listing that provably was committed (it has a successor, or its
 * parent's `next` is it). From there it follows `next` links, which no listing can miss. A node
 * whose own listing shows no `next` was the newest at that instant: directories are never
 * re-created, and only the newest lacks a `next`.
 * @internal
 */
export async function findHead(
  dir: string,
  from?: Generation,
): Promise<Generation | undefined | typeof RETRY> {
  if (from !== undefined) {
    const head = await walk(dir, from, from.parentId);
    if (head !== RETRY) return head;
  }
  const listing = await listGenerations(dir);
  if (listing === undefined) return undefined;
  for (const candidate of listing.generations) {
    if (await hasSuccessor(dir, candidate.name)) return walk(dir, candidate, undefined);
    const parent = await committedParent(dir, candidate, listing);
    if (parent !== undefined) return walk(dir, candidate, parent.id);
  }
  if (!listing.names.includes(ROOT) && listing.generations.length > 0) {
    throw malformed(dir, "has generation directories but no root");
  }
  return walk(dir, ROOT_NODE, undefined);
}

/** Follows `next` from a committed node to the newest generation. */
async function walk(
  dir: string,
  start: ChainNode,
  startParentId: string | undefined,
): Promise<Generation | undefined | typeof RETRY> {
  let [node, parentId, content] = [start, startParentId, undefined as string | undefined];
  for (;;) {
    const names = await entries(dir, node.name);
    if (names === undefined) return node.number === 0 ? undefined : RETRY;
    if (!names.includes("next")) break;
    const text = await readIfPresent(join(dir, node.name, "next"));
    if (text === undefined || text === TOMBSTONE) return RETRY;
    const next = parseFile(dir, text, `${node.name}/next`);
    if (next.name.number !== node.number + 1) {
      throw malformed(dir, `${node.name}/next skips to generation ${next.name.number}`);
    }
    [node, parentId, content] = [next.name, node.id, next.content];
  }
  if (node.id === undefined) return undefined;
  if (content === undefined) {
    const text = await readIfPresent(join(dir, node.name, "state"));
    if (text === undefined) {
      if (await exists(join(dir, node.name))) throw malformed(dir, `${node.name} has no state`);
      return RETRY;
    }
    const file = parseFile(dir, text, `${node.name}/state`);
    if (file.name.name !== node.name) throw malformed(dir, `${node.name}/state names another`);
    content = file.content;
  }
  return { name: node.name, number: node.number, id: node.id, parentId, content };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (code(error) === "ENOENT") return false;
    throw error;
  }
}
