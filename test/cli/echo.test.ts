// What the CLI repeats of its input: never a control character, never more than a bounded
// excerpt, and nothing that looks like a key — whatever the flag or variable.
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "./runCliInProcess.js";

const ESC = "\u001b";
const LONG = "A".repeat(3000);
const RED = `X${ESC}[31m`;
const KEY = "sk-proj-EXAMPLEexampleEXAMPLEexample4321";
const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const pair = {
  AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

/** Everything the run wrote, checked for the three rules. */
function expectSafeEcho(run: { stdout: string; stderr: string }, ...secrets: string[]): void {
  const all = run.stdout + run.stderr;
  expect(all).not.toContain(ESC);
  expect(all).not.toContain("A".repeat(200));
  expect(all.length).toBeLessThan(8_000);
  for (const secret of secrets) expect(all).not.toContain(secret);
}

describe("echo caps", () => {
  it.each([
    ["an escape sequence", RED],
    ["3000 characters", `amazon.${LONG}`],
    ["a key", KEY],
  ])("explain --model-id with %s is echoed bounded and printable", async (_label, value) => {
    const run = await runCliInProcess(["explain", "--model-id", value], { env: pair });
    expectSafeEcho(run, KEY);
  });

  it.each([
    ["an escape sequence", RED],
    ["3000 characters", `amazon.${LONG}`],
  ])(
    "BEDROCK_MODEL_ID with %s is echoed bounded and printable, also as JSON",
    async (_l, value) => {
      const text = await runCliInProcess(["explain"], {
        env: { ...pair, BEDROCK_MODEL_ID: value },
      });
      const json = await runCliInProcess(["explain", "--json"], {
        env: { ...pair, BEDROCK_MODEL_ID: value },
      });
      expectSafeEcho(text);
      expectSafeEcho(json);
    },
  );

  it.each([
    ["a key", `--${KEY}`, KEY],
    ["3000 characters", `--${"a".repeat(3000)}`, "a".repeat(200)],
    ["an access key ID", `--${ACCESS_KEY_ID}`, ACCESS_KEY_ID],
  ])("an unknown option shaped like %s is not echoed in full", async (_l, flag, hidden) => {
    const run = await runCliInProcess(["explain", flag]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(hidden);
    expect(run.stderr).toContain("INVALID_OPTION");
  });

  it.each([
    ["an escape sequence", RED],
    ["3000 characters", LONG],
    ["a key", KEY],
    ["an access key ID", ACCESS_KEY_ID],
  ])("doctor --require with %s is echoed bounded and printable", async (_label, value) => {
    const text = await runCliInProcess(["doctor", "--require", value], { env: pair });
    const json = await runCliInProcess(["doctor", "--json", "--require", value], { env: pair });
    expectSafeEcho(text, KEY, ACCESS_KEY_ID);
    expectSafeEcho(json, KEY, ACCESS_KEY_ID);
    expect(text.code).toBe(1);
  });

  it.each([
    ["an escape sequence", RED],
    ["3000 characters", LONG],
    ["a key", KEY],
  ])("doctor --secret with %s is refused unechoed, without a request", async (_label, value) => {
    const run = await runCliInProcess(["doctor", "--secret", value], {
      env: {
        ...pair,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://127.0.0.1:9",
        AWS_MAX_ATTEMPTS: "1",
      },
    });
    expectSafeEcho(run, KEY);
    expect(run.stdout + run.stderr).toContain("SECRET_INVALID_NAME");
  });

  it.each([
    ["an escape sequence", RED],
    ["3000 characters", LONG],
    ["a key", KEY],
  ])("policy --model-id with %s is refused bounded and printable", async (_label, value) => {
    const run = await runCliInProcess(["policy", "--model-id", value, "--account", "123456789012"]);
    expect(run.code).toBe(2);
    expectSafeEcho(run, KEY);
  });

  it("explain --admin-key-env with a 3000-character name is echoed bounded", async () => {
    const name = `X${"A".repeat(3000)}`;
    const run = await runCliInProcess(["explain", "--admin-key-env", name], { env: pair });
    expectSafeEcho(run);
  });
});
