import { describe, expect, it } from "vitest";
import { REDACTED, mask, maskSecretValue } from "../../src/core/mask.js";

describe("maskSecretValue (secrets get without --reveal)", () => {
  it.each([
    ["an access key ID", "AKIAIOSFODNN7EXAMPLE", "AKIA…MPLE"],
    ["an OpenAI key", "sk-proj-EXAMPLEexampleEXAMPLE0001", "…0001"],
    ["an Anthropic key", "sk-ant-api03-EXAMPLEexampleEXAMPLE0002", "…0002"],
    ["a Bedrock API key", "ABSKZXhhbXBsZS1sb25nLXRlcm0ta2V5LWZvci10ZXN0cw==", "…cw=="],
  ])("shows the allowed mask of %s", (_label, value, shown) => {
    expect(maskSecretValue(value)).toBe(shown);
  });

  it.each([
    ["a password under DB_PASS", "hunter2hunter2hunter2hunter2"],
    ["a password under PWD", "correct-horse-battery-staple"],
    ["a secret access key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["a token of no known shape", "ghp_EXAMPLEexampleEXAMPLEexample12345"],
    ["a number", 8080],
    ["a nested object", { password: "hunter2hunter2hunter2" }],
    ["an array", ["hunter2hunter2hunter2"]],
    ["null", null],
  ])("shows nothing of %s", (_label, value) => {
    expect(maskSecretValue(value)).toBe(REDACTED);
  });
});

describe("mask as an access key ID", () => {
  it("never shows part of a value that is not shaped like a key ID (a swapped pair)", () => {
    expect(mask("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "access-key-id")).toBe(REDACTED);
  });
});
