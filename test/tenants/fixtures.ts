// Shared fixtures for tenant tests: example keys, generated fake keys and a canary secret that
// must never appear in any output.
import { inspect } from "node:util";
import { expect } from "vitest";
import type { CredentialKeys } from "../../src/tenants/StoredCredential.js";

export const EXAMPLE_KEYS: CredentialKeys = {
  awsAccessKeyId: "AKIAIOSFODNN7EXAMPLE",
  awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

/** Planted in every suite; asserted absent from errors, events, logs and serialized objects. */
export const CANARY_SECRET = "CANARYcanaryCANARYcanaryCANARYcanary0000";
export const CANARY_KEYS: CredentialKeys = {
  awsAccessKeyId: "AKIACANARY0000000001",
  awsSecretAccessKey: CANARY_SECRET,
};

/** A generated fake long-term pair whose access key ID encodes `n` (so results can be traced). */
export function fakeKeys(n: number): CredentialKeys {
  const id = n.toString(36).toUpperCase().padStart(16, "0");
  const secret = `fake${n.toString(36)}`.padEnd(40, "x");
  return { awsAccessKeyId: `AKIA${id}`, awsSecretAccessKey: secret };
}

/** Every way a value could leak into output, concatenated. */
export function renderings(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    json = "";
  }
  const text =
    typeof value === "object" && value !== null ? (value as { toString(): string }).toString() : "";
  const errorParts =
    value instanceof Error
      ? `${value.message}\n${value.stack ?? ""}\n${inspect(value, { depth: 5 })}`
      : "";
  return [json, text, inspect(value, { depth: 10 }), errorParts].join("\n");
}

/** Asserts that none of the secrets appears in any rendering of `value`. */
export function expectNoSecret(value: unknown, secrets: readonly string[] = [CANARY_SECRET]): void {
  const all = renderings(value);
  for (const secret of secrets) expect(all).not.toContain(secret);
}
