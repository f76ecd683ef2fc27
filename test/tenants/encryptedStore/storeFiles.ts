// Test helpers that look at an encrypted store on disk. They read the layout directly, not
// through src/, so the tests also run against the single-file layout of earlier versions (where
// `path` is the file itself) when a change needs to be shown failing there first.
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

const GENERATION = /^g(\d{12})-[0-9a-f]{16}-[0-9a-f]{8}-\d+$/;

/** A process id above Linux's maximum, so never alive. */
export const DEAD_PID = 2 ** 22 + 7;
/** The host tag a writer on this machine puts in its directory names. */
export const HOST_TAG = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

async function isFile(path: string): Promise<boolean> {
  return (await lstat(path)).isFile();
}

/** Generation directories, newest first. */
export async function generationDirs(path: string): Promise<string[]> {
  return (await readdir(path))
    .filter((name) => GENERATION.test(name))
    .sort((a, b) => (a < b ? 1 : -1));
}

/** A generation file's first line (its directory's name) and the rest. */
function splitFile(text: string): { name: string; body: string } {
  if (text.startsWith("{")) return { name: "", body: text };
  const newline = text.indexOf("\n");
  return { name: text.slice(0, newline), body: text.slice(newline + 1) };
}

/** The name of the generation `<name>/next` links to. */
async function readNext(path: string, name: string): Promise<string | undefined> {
  const text = await readFile(join(path, name, "next"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : splitFile(text).name;
}

/** Generation directories some `next` (or `root/next`) names: the committed ones. */
async function named(path: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const name of ["root", ...(await generationDirs(path))]) {
    const next = await readNext(path, name);
    if (next !== undefined) out.add(next);
  }
  return out;
}

/** The file holding the newest state (the store itself, in the single-file layout). */
export async function headFile(path: string): Promise<string> {
  if (await isFile(path)) return path;
  const committed = await named(path);
  for (const name of await generationDirs(path)) {
    if (committed.has(name) && (await readNext(path, name)) === undefined) {
      return join(path, name, "state");
    }
  }
  throw new Error(`no committed generation under ${path}`);
}

/** A generation's state as the tests edit it (JSON of any shape, as an attacker would). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreFileJson = any;

/** The newest state, parsed. */
export async function readHead(path: string): Promise<StoreFileJson> {
  return JSON.parse(splitFile(await readFile(await headFile(path), "utf8")).body);
}

/** Rewrites the newest state in place, as an attacker with write access to the files could. */
export async function writeHead(path: string, file: unknown): Promise<void> {
  const head = await headFile(path);
  const { name } = splitFile(await readFile(head, "utf8"));
  await writeFile(head, `${name === "" ? "" : `${name}\n`}${JSON.stringify(file)}`);
}

/** A generation's content as stored: its directory's name, a newline, then `body`. */
export function generationFile(name: string, body: string): string {
  return `${name}\n${body}`;
}

/** Every regular file of the store, with its content. */
export async function storeFiles(path: string): Promise<{ file: string; text: string }[]> {
  if (await isFile(path)) return [{ file: path, text: await readFile(path, "utf8") }];
  const out: { file: string; text: string }[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push({ file: full, text: await readFile(full, "utf8") });
    }
  };
  await walk(path);
  return out;
}

/**
 * What a crashed or losing writer left behind: `t-*` directories and generation directories that
 * no `next` names and that have no successor (a committed generation is named by its parent's
 * `next`, or, once its parent is pruned, has a `next` itself). In the single-file layout:
 * `<path>.*.tmp` files beside the store.
 */
export async function leftovers(path: string): Promise<string[]> {
  if (await isFile(path)) {
    const prefix = `${basename(path)}.`;
    return (await readdir(dirname(path))).filter((n) => n.startsWith(prefix) && n.endsWith(".tmp"));
  }
  const names = await readdir(path);
  const committed = await named(path);
  const orphans: string[] = [];
  for (const name of await generationDirs(path)) {
    if (!committed.has(name) && (await readNext(path, name)) === undefined) orphans.push(name);
  }
  return [...names.filter((n) => n.startsWith("t-")), ...orphans];
}

/** A generation directory name as a writer of this host with process `pid` would choose. */
export function generationName(number: number, pid = DEAD_PID): string {
  const id = createHash("sha256").update(`${number}:${pid}:${Math.random()}`).digest("hex");
  return `g${String(number).padStart(12, "0")}-${id.slice(0, 16)}-${HOST_TAG}-${pid}`;
}

/** The number in a generation directory's name. */
export function generationNumber(name: string): number {
  return Number(GENERATION.exec(name)?.[1]);
}
