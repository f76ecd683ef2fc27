// Runs `credchain` in this process through runCli(argv, io), as the binary would run it, without a
// Node start-up per case. For the duration of a run the process looks as the spawned binary would:
// process.env is exactly runCredchain's controlled environment (the AWS SDK reads process.env
// itself for endpoints, credentials and config paths), the working directory is a temp dir, and
// whatever reaches process.stdout/stderr or the console is collected with the run's output. The
// network guard is already loaded in the vitest process (test/setup.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/runCli.js";
import { controlledEnv, type CliRun } from "./runCredchain.js";

/** Options for {@link runCliInProcess}: those of runCredchain that make sense in-process. */
export interface InProcessOptions {
  /** Extra environment variables; nothing else is visible to the command. */
  env?: Record<string, string>;
  /** What `--admin-key-stdin` reads. @default "" */
  stdin?: string;
  /** @default the fresh HOME */
  cwd?: string;
}

const CONSOLE_STDOUT = ["log", "info", "debug", "dir", "table"] as const;
const CONSOLE_STDERR = ["warn", "error", "trace"] as const;

let running = false;

function replaceEnv(next: Readonly<Record<string, string | undefined>>): void {
  for (const name of Object.keys(process.env)) {
    if (!(name in next)) delete process.env[name];
  }
  for (const [name, value] of Object.entries(next)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

type Write = typeof process.stdout.write;

function collectingWrite(append: (text: string) => void): Write {
  return (chunk: string | Uint8Array, ...rest: unknown[]) => {
    append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((r): r is () => void => typeof r === "function");
    callback?.();
    return true;
  };
}

/** Redirects process.stdout/stderr and the console into `out`/`err`; returns the undo. */
function captureProcessOutput(out: (t: string) => void, err: (t: string) => void): () => void {
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const saved = new Map<string, unknown>();
  const con = console as unknown as Record<string, unknown>;
  process.stdout.write = collectingWrite(out);
  process.stderr.write = collectingWrite(err);
  for (const [names, append] of [
    [CONSOLE_STDOUT, out],
    [CONSOLE_STDERR, err],
  ] as const) {
    for (const name of names) {
      saved.set(name, con[name]);
      con[name] = (...args: unknown[]) => append(`${format(...args)}\n`);
    }
  }
  return () => {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    for (const [name, fn] of saved) con[name] = fn;
  };
}

/**
 * Runs `credchain ...args` in-process and resolves to the same shape as runCredchain. One run at a
 * time: process.env, the working directory and the output streams belong to the run.
 */
export async function runCliInProcess(
  args: readonly string[],
  options: InProcessOptions = {},
): Promise<CliRun> {
  if (running) throw new Error("runCliInProcess: runs swap process.env and cannot overlap.");
  running = true;
  const home = mkdtempSync(join(tmpdir(), "credchain-cli-home-"));
  const env = controlledEnv(home, options.env);
  const cwd = options.cwd ?? home;
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    env: { ...env },
    cwd,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => options.stdin ?? "",
  };
  replaceEnv(env);
  process.chdir(cwd);
  const restoreOutput = captureProcessOutput(
    (text) => void (stdout += text),
    (text) => void (stderr += text),
  );
  try {
    const code = await runCli(args, io);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown };
  } finally {
    restoreOutput();
    process.chdir(savedCwd);
    replaceEnv(savedEnv);
    rmSync(home, { recursive: true, force: true });
    running = false;
  }
}
