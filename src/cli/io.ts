import { readFileSync } from "node:fs";

/**
 * What a CLI command may touch: the environment snapshot, the working directory, stdout, stderr
 * and stdin. Commands never read `process` directly, so tests can drive them in-process.
 */
export interface CliIo {
  /** The environment the command decides with (the process environment in the binary). */
  env: Readonly<Record<string, string | undefined>>;
  /** Base for relative paths such as `--env-path`. */
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads stdin to its end (used by `--admin-key-stdin`). */
  readStdin(): Promise<string>;
}

/** The real process's streams and environment. */
export function nodeIo(): CliIo {
  return {
    // A plain snapshot: zod 4 rejects process.env itself (its prototype is not Object.prototype).
    env: { ...process.env },
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
      }
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** The package version, read from the package.json two levels above this file (src/cli or dist/cli). */
export function packageVersion(): string {
  try {
    const raw = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const parsed = JSON.parse(raw) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "unknown";
  } catch {
    return "unknown";
  }
}
