import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** The directory whose `next` holds generation 1: created once, never removed. @internal */
export const ROOT = "root";

/** A generation directory's name, parsed. @internal */
export interface GenerationName {
  /** The directory name itself: `g<number>-<id>-<host>-<pid>`. */
  readonly name: string;
  /** Its position in the chain: 1 for the first commit, then +1 per commit. */
  readonly number: number;
  /** 16 random hex digits, unique to this commit attempt. */
  readonly id: string;
  /** 8 hex digits of a hash of the writer's host name. */
  readonly host: string;
  /** The writer's process id. */
  readonly pid: number;
}

const GENERATION = /^g(\d{12})-([0-9a-f]{16})-([0-9a-f]{8})-(\d{1,10})$/;
const TRASH = /^t-[0-9a-f]{16}$/;

/** This host's tag in generation names, so process ids are compared only on their own host. */
export const HOST_TAG = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

/** A fresh name for generation `number`, written by this process. @internal */
export function newGenerationName(number: number): GenerationName {
  const id = randomBytes(8).toString("hex");
  const name = `g${String(number).padStart(12, "0")}-${id}-${HOST_TAG}-${process.pid}`;
  return { name, number, id, host: HOST_TAG, pid: process.pid };
}

/** The parsed name, or `undefined` for anything that is not a generation directory. @internal */
export function parseGenerationName(name: string): GenerationName | undefined {
  const match = GENERATION.exec(name);
  if (match === null) return undefined;
  const [, number, id, host, pid] = match as unknown as [string, string, string, string, string];
  return { name, number: Number(number), id, host, pid: Number(pid) };
}

/** A name for a directory on its way out (see `pruneGenerations`). @internal */
export function newTrashName(): string {
  return `t-${randomBytes(8).toString("hex")}`;
}

/** Whether `name` is a directory on its way out. @internal */
export function isTrashName(name: string): boolean {
  return TRASH.test(name);
}

/**
 * Whether the writer of a generation directory is certainly gone: it ran on this host and its
 * process no longer exists. A process that exists (even as another user's, `EPERM`) counts as
 * alive, so a reused pid only delays clean-up.
 * @internal
 */
export function writerIsGone(generation: GenerationName): boolean {
  if (generation.host !== HOST_TAG || generation.pid === process.pid) return false;
  try {
    process.kill(generation.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
