// Spawns the built `credchain` binary with a fully controlled environment: nothing inherited but
// PATH, a fresh HOME, IMDS off, and the network guard loaded so the child reaches loopback only.
// Most CLI tests run in-process instead (runCliInProcess.ts, same environment, no Node start-up);
// bin.test.ts keeps the runs only the real binary can show.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Absolute path of the built binary (`npx tsup` builds it). */
export const BINARY = resolve(import.meta.dirname, "../../dist/cli/main.js");
/** Absolute path of the network guard, which refuses any socket beyond loopback. */
export const GUARD_PATH = resolve(import.meta.dirname, "../support/network-guard.mjs");
const GUARD = pathToFileURL(GUARD_PATH).href;

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
  /**
   * Extra environment variables; nothing else is inherited. `undefined` removes one of the
   * controlled variables (e.g. `NODE_OPTIONS`).
   */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  stdin?: string;
  /** @default the fresh HOME */
  cwd?: string;
  /**
   * The command line that starts the binary, before credchain's arguments.
   * @default [process.execPath, BINARY] (`node dist/cli/main.js`)
   */
  launch?: readonly string[];
}

/**
 * The environment a CLI run gets: PATH, a fresh HOME with its AWS config paths, IMDS disabled,
 * the network guard for any Node process, then `extra`.
 */
export function controlledEnv(
  home: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, ".aws", "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
    NODE_OPTIONS: `--import ${GUARD}`,
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Fails fast, with the fix, when the binary has not been built. */
export function assertBinaryBuilt(): void {
  if (!existsSync(BINARY))
    throw new Error(`${BINARY} is missing: run "npx tsup" before the CLI tests.`);
}

/** Runs `node dist/cli/main.js ...args` (or `options.launch`) and collects its exit code and output. */
export async function runCredchain(
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> {
  const home = mkdtempSync(join(tmpdir(), "credchain-cli-home-"));
  const env = controlledEnv(home, options.env);
  const [command = process.execPath, ...prefix] = options.launch ?? [process.execPath, BINARY];
  try {
    return await new Promise<CliRun>((resolvePromise, reject) => {
      const child = spawn(command, [...prefix, ...args], {
        env,
        cwd: options.cwd ?? home,
        stdio: "pipe",
      });
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
