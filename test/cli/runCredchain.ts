// Spawns the built `credchain` binary with a fully controlled environment: nothing inherited but
// PATH, a fresh HOME, IMDS off, and the network guard loaded so the child reaches loopback only.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Absolute path of the built binary (`npx tsup` builds it). */
export const BINARY = resolve(import.meta.dirname, "../../dist/cli/main.js");
const GUARD = pathToFileURL(resolve(import.meta.dirname, "../support/network-guard.mjs")).href;

/** What one run of the binary produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests probe arbitrary JSON shapes
  json(): any;
}

/** Options for {@link runCredchain}. */
export interface RunOptions {
  /** Extra environment variables; nothing else is inherited. */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  stdin?: string;
  cwd?: string;
  /**
   * Run as `node -- main.js …`. Node 20+ checks any later `--env-file PATH` argument itself and
   * exits 9 when PATH is missing (nodejs/node#54232), before credchain runs; a `--` ends Node's
   * own options and lets credchain report the missing file.
   */
  endNodeOptions?: boolean;
}

/** Fails fast, with the fix, when the binary has not been built. */
export function assertBinaryBuilt(): void {
  if (!existsSync(BINARY))
    throw new Error(`${BINARY} is missing: run "npx tsup" before the CLI tests.`);
}

/** Runs `node dist/cli/main.js ...args` and collects its exit code and output. */
export async function runCredchain(
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> {
  const home = mkdtempSync(join(tmpdir(), "credchain-cli-home-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, ".aws", "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
    NODE_OPTIONS: `--import ${GUARD}`,
    ...options.env,
  };
  try {
    return await new Promise<CliRun>((resolvePromise, reject) => {
      const child = spawn(
        process.execPath,
        [...(options.endNodeOptions === true ? ["--"] : []), BINARY, ...args],
        {
          env,
          cwd: options.cwd ?? home,
          stdio: "pipe",
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) =>
        resolvePromise({
          code,
          stdout,
          stderr,
          json: () => JSON.parse(stdout) as unknown,
        }),
      );
      child.stdin.end(options.stdin ?? "");
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
