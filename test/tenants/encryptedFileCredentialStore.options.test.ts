// Options of encryptedFileCredentialStore, checked by the core's checkOptions.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptedFileCredentialStore } from "../../src/tenants/encryptedFileCredentialStore.js";

const path = "/nonexistent/credchain-options-test";
const key = randomBytes(32).toString("base64");
const invalid = (...parts: string[]): unknown =>
  expect.objectContaining({
    name: "CredentialConfigError",
    code: "INVALID_OPTION",
    message: expect.stringMatching(new RegExp(parts.join(".*"), "s")),
  });

describe("encryptedFileCredentialStore options", () => {
  it("refuses an unknown option with the nearest valid name", () => {
    expect(() => encryptedFileCredentialStore({ path, key, lockTimeOutMs: 5 } as never)).toThrow(
      invalid("lockTimeOutMs", "did you mean `lockTimeoutMs`"),
    );
  });

  it("refuses staleLockMs, which no longer means anything", () => {
    expect(() => encryptedFileCredentialStore({ path, key, staleLockMs: 1 } as never)).toThrow(
      invalid("unknown option `staleLockMs`"),
    );
  });

  it("reports every problem in one error", () => {
    expect(() =>
      encryptedFileCredentialStore({ path: 5, key: "short", lockTimeoutMs: -1 } as never),
    ).toThrow(invalid("`path`", "`key`", "`lockTimeoutMs`"));
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "/var/lib/store"],
    ["an array", [path, key]],
  ])("refuses %s as options with a code, not a TypeError", (_label, options) => {
    expect(() => encryptedFileCredentialStore(options as never)).toThrow(
      invalid("options must be an object"),
    );
  });

  it("refuses a missing key or path", () => {
    expect(() => encryptedFileCredentialStore({ path } as never)).toThrow(invalid("`key`"));
    expect(() => encryptedFileCredentialStore({ key } as never)).toThrow(invalid("`path`"));
  });

  it.each([
    ["an empty storeId", { storeId: "" }],
    ["a numeric storeId", { storeId: 7 }],
    ["a fractional lockTimeoutMs", { lockTimeoutMs: 1.5 }],
    ["a zero lockTimeoutMs", { lockTimeoutMs: 0 }],
  ])("refuses %s", (_label, extra) => {
    const option = Object.keys(extra)[0]!;
    expect(() => encryptedFileCredentialStore({ path, key, ...extra } as never)).toThrow(
      invalid(`\`${option}\``),
    );
  });

  it("never repeats the key in the error", () => {
    const passphrase = "correct horse battery staple!!!!";
    let error: unknown;
    try {
      encryptedFileCredentialStore({ path, key: passphrase, lockTimeoutMs: "x" } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toEqual(invalid("`key`", "`lockTimeoutMs`"));
    expect(JSON.stringify(error) + String(error)).not.toContain(passphrase);
  });

  it("accepts path, key, storeId and lockTimeoutMs", () => {
    const store = encryptedFileCredentialStore({ path, key, storeId: "s1", lockTimeoutMs: 50 });
    expect(store.name).toBe("encrypted-file");
  });
});
