// Runs a file under examples/ the way a user does (`tsx`), in a child process with the network
// guard preloaded, a clean environment and an empty HOME.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const guard = pathToFileURL(join(root, "test/support/network-guard.mjs")).href;

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * @param file path under examples/
 * @param withTsconfig pass `--tsconfig examples/tsconfig.json` (as the examples' headers say);
 *   `false` runs plain `tsx <file>` from the repository root, as `npm run demo` does.
 */
export function runExample(file: string, withTsconfig = true): Promise<ExampleRun> {
  const args = [
    tsxCli,
    ...(withTsconfig ? ["--tsconfig", "examples/tsconfig.json"] : []),
    join("examples", file),
  ];
  const home = mkdtempSync(join(tmpdir(), "credchain-example-home-"));
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      NODE_OPTIONS: `--import=${guard}`,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Raw secrets the examples hold; none may be printed. */
export const EXAMPLE_SECRETS = [
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "sk-proj-EXAMPLEexampleEXAMPLEexample0001",
  "sk-proj-EXAMPLEexampleEXAMPLEexample0002",
  "example-jwt-secret-0123456789",
  "bedrock-api-key-ZXhhbXBsZS1iZWRyb2NrLWFwaS1rZXktZm9yLXRlc3Rz",
  "ABSKZXhhbXBsZS1sb25nLXRlcm0ta2V5LWZvci10ZXN0cw==",
  "FwoGZXIvYXdzEXAMPLEsessiontoken",
];
