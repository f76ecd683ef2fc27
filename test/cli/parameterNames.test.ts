// The built binary refuses an `ssm:` name Parameter Store could never hold, in every command that
// takes one, before any call: exit 2, the flag named, a hint, nothing on stdout (no policy with
// `parameter//x` in it).
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET_ACCESS_KEY } from "../support/credentialRegistry.js";
import { assertBinaryBuilt, runCredchain } from "./runCredchain.js";

const ACCOUNT = "111122223333";
const PAIR = {
  AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
  // Nothing may be asked: a request would fail on this closed port, not with exit 2.
  AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:9",
  AWS_MAX_ATTEMPTS: "1",
};

const MALFORMED: [string, RegExp][] = [
  ["ssm://prod/x", /empty level/],
  ["ssm:prod/x", /start with "\/"/],
  ["ssm:/a//b", /empty level/],
  ["ssm:/a/", /empty level/],
];

beforeAll(() => {
  assertBinaryBuilt();
});

describe("credchain with a malformed ssm: name", () => {
  it.each(MALFORMED)("policy --secret %s: exit 2, no policy printed", async (name, rule) => {
    const run = await runCredchain([
      "policy",
      "--provider",
      "openai",
      "--secret",
      name,
      "--account",
      ACCOUNT,
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: INVALID_OPTION: --secret .+\nhint: .+\n$/);
    expect(run.stderr).toMatch(rule);
  });

  it.each(MALFORMED)("secrets get %s: exit 2 before asking Parameter Store", async (name, rule) => {
    const run = await runCredchain(["secrets", "get", name, "--json"], { env: PAIR });
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({
      error: {
        code: "SECRET_INVALID_NAME",
        message: expect.stringMatching(rule),
        hint: expect.any(String),
      },
    });
  });

  it("doctor --secret ssm:prod/x: a failed check naming --secret, nothing asked", async () => {
    const run = await runCredchain(["doctor", "--secret", "ssm:prod/x", "--json"], { env: PAIR });
    expect(run.code).toBe(1);
    const check = (run.json().checks as { check: string }[]).find((c) =>
      c.check.startsWith("secret "),
    );
    expect(check).toEqual({
      check: "secret ssm:prod/x",
      status: "fail",
      detail: expect.stringMatching(/^--secret .*start with "\/"/),
      code: "SECRET_INVALID_NAME",
      hint: expect.any(String),
    });
  });

  it("explain --resolve with OPENAI_SECRET_NAME=ssm:/prod//openai: exit 2 naming the variable", async () => {
    const run = await runCredchain(["explain", "--provider", "openai", "--resolve"], {
      env: { ...PAIR, USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "ssm:/prod//openai" },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^credchain: INVALID_INPUT: OPENAI_SECRET_NAME .+\nhint: .+\n$/);
  });
});
