import { SecretError } from "../core/SecretError.js";
import type { SecretLookup } from "./SecretStore.js";

/**
 * `getValue`'s rule: the secret's text without `key`; with it, the value under `key` of a JSON
 * secret as a string (numbers and booleans converted). Key names are quoted in errors only when
 * they are present in the secret's own key list.
 */
export function secretValueAtKey(found: SecretLookup, key: string | undefined): string {
  if (found.value instanceof Uint8Array) {
    throw new SecretError("SECRET_BINARY", `Secret ${found.name} holds bytes that are not text.`, {
      hint: `Use get("${found.name}"), which returns them as a Uint8Array.`,
      secretName: found.name,
    });
  }
  if (key === undefined) return found.text;
  if (typeof key !== "string") {
    throw new SecretError(
      "SECRET_KEY_MISSING",
      `getValue: the key for secret ${found.name} must be a string.`,
      {
        hint: `Pass the key's name, e.g. getValue("${found.name}", "password").`,
        secretName: found.name,
      },
    );
  }
  if (typeof found.value === "string") {
    throw new SecretError(
      "SECRET_MALFORMED",
      `Secret ${found.name} is not a JSON object, so it has no key ${key}.`,
      {
        hint: `Call getValue("${found.name}") without a key, or store the secret as a JSON object.`,
        secretName: found.name,
      },
    );
  }
  if (!Object.hasOwn(found.value, key)) {
    throw new SecretError(
      "SECRET_KEY_MISSING",
      `Secret ${found.name} has no key ${key}; it has: ${Object.keys(found.value).join(", ") || "(no keys)"}.`,
      {
        hint: `Add ${key} to the secret or ask for one of the keys listed.`,
        secretName: found.name,
      },
    );
  }
  const value = found.value[key];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new SecretError(
    "SECRET_MALFORMED",
    `Key ${key} of secret ${found.name} is not a string, number or boolean.`,
    { hint: `Use get("${found.name}") to read nested values.`, secretName: found.name },
  );
}
