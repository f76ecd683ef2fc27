/** A JSON value as found inside a secret. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A secret whose text is a JSON object, parsed and deeply frozen. */
export type SecretJson = { readonly [key: string]: JsonValue };

/**
 * What {@link SecretStore.get} returns: the parsed object when the secret's text is a JSON object,
 * otherwise the text itself (so `"123"`, `"[1,2]"` and `"sk-…"` all come back as strings); the
 * bytes, for a `SecretBinary` that is not UTF-8 text (a certificate, a keystore).
 */
export type SecretValue = string | SecretJson | Uint8Array;

/** Where a secret was found. */
export type SecretSource = "secrets-manager" | "parameter-store" | "local-secret" | "env-file";
