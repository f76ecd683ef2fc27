// The built binary, end to end. Every other CLI test drives runCli in-process; these runs show
// what only the real bin can: its sh line and symlinked start (as node_modules/.bin runs it), the
// exit code through process.exitCode, stdout and stderr as streams, the real stdin, the version
// read beside dist/, and that Node never reads an `--env-file` given to credchain.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { verifyBedrockApiKey } from "../support/startBedrockEmulator.js";
import { BINARY, GUARD_PATH, assertBinaryBuilt, runCredchain } from "./runCredchain.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const BEDROCK_KEY = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWtleS0xMjM0NTY3ODkw";

let dir: string;
/** A symlink to the built bin, made executable, as npm puts it in node_modules/.bin. */
let symlinkedBin: string;

beforeAll(() => {
  assertBinaryBuilt();
  dir = mkdtempSync(join(tmpdir(), "credchain-bin-"));
  mkdirSync(join(dir, "bin"));
  chmodSync(BINARY, 0o755);
  symlinkedBin = join(dir, "bin", "credchain");
  symlinkSync(BINARY, symlinkedBin);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the credchain binary", () => {
  it("prints the package.json version through the symlinked bin", async () => {
    const run = await runCredchain(["--version"], { launch: [symlinkedBin] });
    expect(run.code).toBe(0);
    const { version } = JSON.parse(
      readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8"),
    ) as { version: string };
    expect(run.stdout).toBe(`${version}\n`);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lists every command with exit codes and examples on --help through the symlinked bin", async () => {
    const run = await runCredchain(["--help"], { launch: [symlinkedBin] });
    expect(run.code).toBe(0);
    for (const command of ["explain", "doctor", "policy", "secrets push", "secrets get"]) {
      expect(run.stdout).toContain(`  ${command}`);
    }
    expect(run.stdout).toContain("Exit codes: 0 ok, 1 failure, 2 configuration error");
    expect(run.stderr).toBe("");
  });

  it("exits 2 with `credchain: CODE: message` and a hint line on stderr for a configuration error", async () => {
    const run = await runCredchain(["explain", "--admin-key-env", "ADMIN_KEY"], {
      env: { ADMIN_KEY: `${SECRET}:${KEY_ID}` },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: ADMIN_KEY_SWAPPED: .+\nhint: .+\n$/);
    expect(run.stderr).not.toContain(SECRET);
  });

  it("prints errors as {error:{code,message,hint}} on stdout with --json", async () => {
    const run = await runCredchain(["policy", "--json", "--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    expect(run.json()).toEqual({
      error: {
        code: "INVALID_OPTION",
        message: expect.stringContaining("--bogus"),
        hint: expect.any(String),
      },
    });
  });

  it("exits 3 with every source and its reason when nothing resolves", async () => {
    const run = await runCredchain(["explain", "--resolve", "--json"]);
    expect(run.code).toBe(3);
    const { error } = run.json();
    expect(error.code).toBe("NO_CREDENTIALS");
    for (const source of ["admin", "secrets-manager", "local-secret", "env", "default-chain"]) {
      expect(error.message).toContain(`  - ${source}: `);
    }
  });

  it("reads the admin key from the real stdin with --admin-key-stdin", async () => {
    const run = await runCredchain(["explain", "--json", "--admin-key-stdin"], {
      stdin: `${BEDROCK_KEY}\n`,
    });
    expect(run.code).toBe(0);
    expect(run.json().auth).toMatchObject({
      kind: "bearer-token",
      source: "admin",
      detail: "bedrock-api-key",
    });
    expect(run.stdout).not.toContain(BEDROCK_KEY);
  });

  it("fills AWS_BEARER_TOKEN_BEDROCK=$(credchain token bedrock) with one key and nothing else", async () => {
    const script =
      'export AWS_BEARER_TOKEN_BEDROCK=$("$@") && printf "%s|" "$AWS_BEARER_TOKEN_BEDROCK"';
    const run = await runCredchain(["token", "bedrock", "--region", "eu-west-1"], {
      env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET },
      launch: ["sh", "-c", script, "sh", symlinkedBin],
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^bedrock-api-key-[A-Za-z0-9+/]+={0,2}\|$/);
    await expect(
      verifyBedrockApiKey(run.stdout.slice(0, -1), {
        credentials: createCredentialRegistry(),
        region: "eu-west-1",
      }),
    ).resolves.toMatchObject({ ok: true, accessKeyId: KEY_ID });
  });
});

describe("credchain explain --env-file: refused by credchain, never read by Node", () => {
  let marker: string;
  let vendorEnv: string;
  /** No NODE_OPTIONS (Node lets an env file's NODE_OPTIONS apply only then) and a `node` on PATH that loads the guard. */
  let env: Record<string, string | undefined>;
  let guardedNode: string;

  beforeAll(() => {
    marker = join(dir, "node-read-the-env-file");
    writeFileSync(
      join(dir, "evil.cjs"),
      `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x");\n`,
    );
    vendorEnv = join(dir, "vendor.env");
    writeFileSync(vendorEnv, `NODE_OPTIONS=--require ${join(dir, "evil.cjs")}\n`);
    mkdirSync(join(dir, "guarded"));
    guardedNode = join(dir, "guarded", "node");
    writeFileSync(
      guardedNode,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --import ${JSON.stringify(GUARD_PATH)} "$@"\n`,
    );
    chmodSync(guardedNode, 0o755);
    env = {
      NODE_OPTIONS: undefined,
      PATH: `${join(dir, "guarded")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    };
  });

  afterEach(() => {
    rmSync(marker, { force: true });
  });

  it("has a probe that sees Node read an env file (the marker appears) and fail on a missing one (exit 9)", async () => {
    const read = await runCredchain([], {
      env,
      launch: [guardedNode, "--env-file", vendorEnv, "-e", ""],
    });
    expect(read.code).toBe(0);
    expect(existsSync(marker)).toBe(true);

    const missing = await runCredchain([], {
      env,
      launch: [guardedNode, "--env-file", join(dir, "x"), "-e", ""],
    });
    expect(missing.code).toBe(9);
  });

  describe.each([
    ["sh dist/cli/main.js", () => ["sh", BINARY]],
    ["a chmod +x symlink, as node_modules/.bin holds it", () => [symlinkedBin]],
  ])("started as %s", (_name, launch) => {
    it("exits 2 with INVALID_OPTION and Node never applies the file's NODE_OPTIONS", async () => {
      const run = await runCredchain(["explain", "--env-file", vendorEnv], {
        env,
        launch: launch(),
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^credchain: INVALID_OPTION: Unknown option --env-file /);
      expect(run.stderr).toContain("--env-path");
      expect(existsSync(marker)).toBe(false);
    });

    it("reports a missing --env-file x as credchain's INVALID_OPTION (exit 2), not Node's exit 9", async () => {
      const run = await runCredchain(["explain", "--env-file", "x", "--json"], {
        env,
        launch: launch(),
      });
      expect(run.code).toBe(2);
      expect(run.json().error.code).toBe("INVALID_OPTION");
    });
  });
});
