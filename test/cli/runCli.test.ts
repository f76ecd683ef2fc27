import { describe, expect, it } from "vitest";
import { runCliInProcess } from "./runCliInProcess.js";

describe("credchain (framework)", () => {
  it("lists every command with exit codes and examples on --help", async () => {
    const run = await runCliInProcess(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["explain", "doctor", "policy", "secrets push", "secrets get"]) {
      expect(run.stdout).toContain(`  ${command}`);
    }
    expect(run.stdout).toContain("Exit codes: 0 ok, 1 failure, 2 configuration error");
    expect(run.stdout).toContain("Examples:");
  });

  it.each([["explain"], ["doctor"], ["policy"], ["secrets push"], ["secrets get"]])(
    "prints usage, options and examples for `credchain %s --help`",
    async (command) => {
      const run = await runCliInProcess([...command.split(" "), "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: credchain ${command}`);
      expect(run.stdout).toContain("Examples:");
      expect(run.stderr).toBe("");
    },
  );

  it("answers help even when other flags are wrong", async () => {
    const run = await runCliInProcess(["policy", "--nonsense", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: credchain policy");
  });

  it("prints the package version", async () => {
    const run = await runCliInProcess(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 with usage on stderr when no command is given", async () => {
    const run = await runCliInProcess([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Usage: credchain <command>");
  });

  it.each([
    [["policy", "--model-id", "amazon.nova-pro-v1:0", "--frobnicate"], "--frobnicate"],
    [["explain", "--verbose=yes"], "--verbose"],
    [["doctor", "-x"], "-x"],
    [["secrets", "get", "prod/app", "--revael"], "--revael"],
  ])("rejects an unknown flag with exit 2, naming it (%j)", async (args, flag) => {
    const run = await runCliInProcess(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^credchain: INVALID_OPTION: Unknown option ${flag} `));
    expect(run.stderr).toMatch(/\nhint: Run "credchain .+ --help"/);
    expect(run.stdout).toBe("");
  });

  it("never accepts an admin key as a flag value and says where to put it instead", async () => {
    const run = await runCliInProcess([
      "explain",
      "--admin-key",
      "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--admin-key-env VAR");
    expect(run.stderr).toContain("--admin-key-stdin");
    expect(run.stderr).not.toContain("wJalrXUtnFEMI");
    expect(run.stderr).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  it("does not echo a stray positional argument, which may be a pasted key", async () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    for (const args of [["explain", secret], [secret], ["secrets", secret]]) {
      const run = await runCliInProcess(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("credchain: INVALID_OPTION:");
      expect(run.stderr + run.stdout).not.toContain(secret);
    }
  });

  it("prints errors as {error:{code,message,hint}} on stdout with --json", async () => {
    const run = await runCliInProcess(["policy", "--json", "--bogus"]);
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

  it.each([
    [["nope"], 'Unknown command "nope"'],
    [["secrets"], "needs a subcommand: push, get"],
    [["secrets", "delete"], 'Unknown subcommand "delete"'],
    [["explain", "--region"], 'Option --region of "credchain explain" needs a value'],
    [["explain", "--json=1"], "takes no value"],
  ])("treats %j as a configuration error (exit 2)", async (args, message) => {
    const run = await runCliInProcess(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
