import { format, inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { REDACTED, Redacted, mask, type MaskKind } from "../../src/core/index.js";
import { AKIA, ASIA, SECRET, TOKEN, expectNoSecrets } from "./support/fixtures.js";

describe("mask", () => {
  it.each<[string, MaskKind, string]>([
    // access key IDs: first 4 + … + last 4, from 12 characters
    [AKIA, "access-key-id", "AKIA…MPLE"],
    [ASIA, "access-key-id", "ASIA…MPLE"],
    ["ABCDEFGHIJKL", "access-key-id", "ABCD…IJKL"],
    ["ABCDEFGHIJK", "access-key-id", REDACTED],
    ["AKIA", "access-key-id", REDACTED],
    [`  ${AKIA}\n`, "access-key-id", "AKIA…MPLE"],
    // API keys and bearer tokens: … + last 4, from 20 characters
    ["sk-proj-0123456789ab", "api-key", "…89ab"],
    ["sk-proj-0123456789a", "api-key", REDACTED],
    ["bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t", "api-key", "…Y29t"],
    ["short", "api-key", REDACTED],
    // secret access keys and session tokens: never, not even in part
    [SECRET, "secret", REDACTED],
    [TOKEN, "secret", REDACTED],
    ["x".repeat(2000), "secret", REDACTED],
    ["", "secret", REDACTED],
    // empty and blank values
    ["", "access-key-id", REDACTED],
    ["   ", "api-key", REDACTED],
  ])("mask(%j, %s) is %j", (value, kind, expected) => {
    expect(mask(value, kind)).toBe(expected);
  });

  it("never shows more than 8 characters of an access key ID", () => {
    for (let length = 0; length <= 128; length++) {
      const value = "A".repeat(length);
      expect(
        mask(value, "access-key-id").replace(/[…]|\[redacted\]/g, "").length,
      ).toBeLessThanOrEqual(8);
    }
  });

  it("never shows more than 4 characters of an API key", () => {
    for (let length = 0; length <= 200; length++) {
      const value = "k".repeat(length);
      expect(mask(value, "api-key").replace(/[…]|\[redacted\]/g, "").length).toBeLessThanOrEqual(4);
    }
  });

  it("redacts a value that is not a string instead of throwing", () => {
    expect(mask(undefined as unknown as string, "api-key")).toBe(REDACTED);
    expect(mask(12345 as unknown as string, "access-key-id")).toBe(REDACTED);
  });
});

describe("Redacted", () => {
  const secret = new Redacted(SECRET);

  it("returns the value only through reveal()", () => {
    expect(secret.reveal()).toBe(SECRET);
  });

  it.each<[string, () => string]>([
    ["String()", () => String(secret)],
    ["a template literal", () => `${String(secret)}`],
    ["string concatenation", () => "" + (secret as unknown as string)],
    ["JSON.stringify", () => JSON.stringify({ secret, nested: [secret] })],
    ["util.inspect", () => inspect(secret)],
    ["util.inspect with showHidden", () => inspect({ secret }, { showHidden: true, depth: null })],
    ["util.format %s %o %O %j", () => format("%s %o %O %j", secret, secret, secret, { secret })],
    ["Object.entries", () => JSON.stringify(Object.entries(secret))],
    ["structuredClone", () => JSON.stringify(structuredClone(secret))],
  ])("never leaks through %s", (_label, render) => {
    const text = render();
    expectNoSecrets([text], [SECRET]);
  });

  it("shows [redacted] in place of the value", () => {
    expect(String(secret)).toBe(REDACTED);
    expect(JSON.stringify(secret)).toBe(JSON.stringify(REDACTED));
    expect(inspect(secret)).toBe(REDACTED);
  });

  it("has no enumerable or own string-keyed properties", () => {
    expect(Object.getOwnPropertyNames(secret)).toEqual([]);
    expect(Object.keys(secret)).toEqual([]);
  });

  it("wraps non-string values too", () => {
    const wrapped = new Redacted({ token: TOKEN });
    expect(wrapped.reveal()).toEqual({ token: TOKEN });
    expectNoSecrets([JSON.stringify(wrapped), inspect(wrapped, { depth: null })], [TOKEN]);
  });

  it("the leak check itself catches a raw value", () => {
    expect(() => expectNoSecrets([JSON.stringify({ value: secret.reveal() })], [SECRET])).toThrow();
  });
});
