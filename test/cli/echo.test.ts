// What the CLI repeats of its input: never a control character, never more than a bounded
// excerpt, and nothing that looks like a key — whatever the flag or variable.
import { beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "./runCliInProcess.js";
import { assertBinaryBuilt, runCredchain } from "./runCredchain.js";

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

// Pasted secrets of several shapes (AWS docs' example and generated values, none real).
const AWS_SECRET_SLASH = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AWS_SECRET_PLUS = "p4LZMnXY8Tk+baG7nwTZ0OPNt4G1Mm84VWboftKi";
const AWS_SECRET_TRAILING_SLASH = "yrdttFQ1T5f5uXj2ZLsVXU/gxy6Vv5s2ckXb0xp/";
const SK_KEY = "sk-proj-otG9JZokZoB7d-rckrMCW7yqpnfQQwuw9VPNnxCf";
const URL_SAFE_TOKEN = "otG9JZokZoB7d_rckrMCW7yqpnfQQwuw9VPNnxCf";
const SHORT_TOKEN = "tnTEkdpWPaKeyzu4SxHNaj";

/** Every 6-character excerpt of `secret`: none may reach the output. */
const fragments = (secret: string): string[] =>
  Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6));

describe("an unknown option that is a pasted secret (built binary)", () => {
  beforeAll(() => {
    assertBinaryBuilt();
  });

  it.each([
    ["an AWS secret with '/'", ["explain", `--${AWS_SECRET_SLASH}`], [AWS_SECRET_SLASH]],
    ["an AWS secret with '+'", ["explain", `--${AWS_SECRET_PLUS}`], [AWS_SECRET_PLUS]],
    ["an sk- key", ["explain", `--${SK_KEY}`], [SK_KEY]],
    ["a url-safe token with '_'", ["explain", `--${URL_SAFE_TOKEN}`], [URL_SAFE_TOKEN]],
    ["a 22-character token of no known shape", ["explain", `--${SHORT_TOKEN}`], [SHORT_TOKEN]],
    [
      "--AKIA…=secret",
      ["explain", `--${ACCESS_KEY_ID}=${AWS_SECRET_TRAILING_SLASH}`],
      [ACCESS_KEY_ID, AWS_SECRET_TRAILING_SLASH],
    ],
    ["--x=secret", ["explain", `--x=${AWS_SECRET_SLASH}`], [AWS_SECRET_SLASH]],
    ["a single dash", ["explain", `-${AWS_SECRET_PLUS}`], [AWS_SECRET_PLUS]],
    [
      "an AWS secret, with --json",
      ["explain", "--json", `--${AWS_SECRET_SLASH}`],
      [AWS_SECRET_SLASH],
    ],
    [
      "an AWS secret after secrets get NAME",
      ["secrets", "get", "prod/app", `--${AWS_SECRET_SLASH}`],
      [AWS_SECRET_SLASH],
    ],
  ])("%s: exit 2, INVALID_OPTION, no 6 characters of it echoed", async (_l, args, secrets) => {
    const run = await runCredchain(args);
    const all = run.stdout + run.stderr;
    expect(run.code).toBe(2);
    expect(all).toContain("INVALID_OPTION");
    for (const secret of secrets) {
      for (const fragment of fragments(secret)) expect(all).not.toContain(fragment);
    }
  });

  it("still names a mistyped plain option in full", async () => {
    const run = await runCredchain(["explain", "--regoin", "us-east-1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option --regoin");
  });
});
