// Starts writer child processes for the encrypted store tests. The writer is bundled once per
// test file into plain JavaScript (tsup, in the repository's .tmp/), so a child starts in about a
// fifth of the time `node --import tsx` needs: fifty kill -9 cycles stay cheap on two cores.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WriterLog } from "./writerProtocol.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const source = fileURLToPath(new URL("../encryptedStoreWriter.ts", import.meta.url));

/** The bundled writer script; remove it with {@link removeWriter}. */
export async function bundleWriter(): Promise<string> {
  const { build } = await import("tsup");
  // Under the repository so that zod, loaded at run time, resolves from its node_modules.
  await mkdir(join(root, ".tmp"), { recursive: true });
  const outDir = await mkdtemp(join(root, ".tmp", "encrypted-store-writer-"));
  await build({
    config: false,
    entry: { writer: source },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
    dts: false,
    sourcemap: false,
    splitting: false,
    clean: false,
    silent: true,
  });
  return join(outDir, "writer.js");
}

export async function removeWriter(script: string): Promise<void> {
  await rm(join(script, ".."), { recursive: true, force: true });
}

/** A running writer: its log, its process, and a promise of its exit. */
export interface Writer {
  readonly log: WriterLog;
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the writer has printed `count` more "B" lines than now. */
  begun(count: number): Promise<void>;
  /** Asks an endless writer to finish its current operation and exit. */
  stop(): void;
}

export function startWriter(
  script: string,
  args: {
    path: string;
    key: string;
    tenantId: string;
    prefix: string;
    count: number;
    seed: number;
    /** Up to this many milliseconds of pause after each operation. @default 0 */
    pauseMs?: number;
  },
): Writer {
  const { path, key, tenantId, prefix, count, seed, pauseMs = 0 } = args;
  const argv = ["ops", path, key, tenantId, prefix, `${count}`, `${seed}`, `${pauseMs}`];
  const child = spawn(process.execPath, [script, ...argv], { stdio: ["pipe", "pipe", "pipe"] });
  const log = new WriterLog(args.tenantId);
  const waiters: { at: number; resolve: () => void }[] = [];
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) log.line(line);
    for (const w of waiters.splice(0)) {
      if (log.begun >= w.at) w.resolve();
      else waiters.push(w);
    }
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => {
      if (stderr !== "") log.errors.push(`stderr: ${stderr.trim()}`);
      for (const w of waiters.splice(0)) w.resolve();
      resolve({ code, signal });
    }),
  );
  return {
    log,
    child,
    exited,
    begun: (count) =>
      new Promise((resolve) => {
        const at = log.begun + count;
        if (log.begun >= at) resolve();
        else waiters.push({ at, resolve });
      }),
    stop: () => child.stdin.end(),
  };
}
