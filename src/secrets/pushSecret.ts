import { isDeepStrictEqual } from "node:util";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { SecretError } from "../core/SecretError.js";
import { loadSecretsManager } from "../internal/lazySecretsManager.js";
import { secretsManagerFailure } from "../internal/secretsManagerErrors.js";

/**
 * The JSON object `secrets push` stores: the chosen keys of a parsed `.env` file (every key when
 * `keys` is empty). A key not in the file, or a file without keys, is `INVALID_OPTION`.
 *
 * @param source Names the file in messages (its path, never its content).
 */
export function buildSecretPayload(
  file: Readonly<Record<string, string>>,
  keys: readonly string[],
  source: string,
): Record<string, string> {
  const missing = keys.filter((k) => !Object.hasOwn(file, k));
  if (missing.length > 0) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `--keys names keys not in ${source}: ${missing.join(", ")}.`,
      { hint: `Keys present: ${Object.keys(file).join(", ") || "(none)"}.` },
    );
  }
  const chosen = keys.length > 0 ? [...new Set(keys)] : Object.keys(file);
  if (chosen.length === 0) {
    throw new CredentialConfigError("INVALID_OPTION", `--env-path ${source} holds no variables.`, {
      hint: "Check the file: each line should read KEY=value.",
    });
  }
  const payload: Record<string, string> = {};
  for (const k of chosen) payload[k] = file[k] ?? "";
  return payload;
}

/** What {@link pushSecret} did. */
export interface PushedSecret {
  /** `created` (CreateSecret) or `updated` (PutSecretValue on an existing secret). */
  action: "created" | "updated";
  arn: string | undefined;
  versionId: string | undefined;
}

/**
 * Writes `payload` as one JSON secret (CreateSecret, or PutSecretValue when `name` exists), then
 * reads that exact version back and compares it with what was sent: a mismatch (another writer, a
 * mangled value) is `SECRET_UNAVAILABLE`, never a silent success. Failures are mapped through the
 * library's one Secrets Manager table; messages name the secret, never a value.
 */
export async function pushSecret(
  client: SecretsManagerClient,
  name: string,
  payload: Readonly<Record<string, string>>,
): Promise<PushedSecret> {
  const sm = await loadSecretsManager();
  const secretString = JSON.stringify(payload);
  let pushed: PushedSecret;
  try {
    const created = await client.send(
      new sm.CreateSecretCommand({ Name: name, SecretString: secretString }),
    );
    pushed = { action: "created", arn: created.ARN, versionId: created.VersionId };
  } catch (err) {
    if ((err as { name?: unknown } | null)?.name !== "ResourceExistsException") {
      throw secretsManagerFailure(err, name, "create");
    }
    try {
      const put = await client.send(
        new sm.PutSecretValueCommand({ SecretId: name, SecretString: secretString }),
      );
      pushed = { action: "updated", arn: put.ARN, versionId: put.VersionId };
    } catch (putErr) {
      throw secretsManagerFailure(putErr, name, "update");
    }
  }
  let readBack: unknown;
  try {
    const got = await client.send(
      new sm.GetSecretValueCommand({ SecretId: pushed.arn ?? name, VersionId: pushed.versionId }),
    );
    readBack = got.SecretString === undefined ? undefined : JSON.parse(got.SecretString);
  } catch (err) {
    if (err instanceof SyntaxError) readBack = undefined;
    else throw secretsManagerFailure(err, name, "read back");
  }
  if (!isDeepStrictEqual(readBack, payload)) {
    throw new SecretError(
      "SECRET_UNAVAILABLE",
      `Read-back of ${name} did not match what was pushed.`,
      {
        hint: "Another writer may have changed the secret; run the push again and check its versions.",
        secretName: name,
      },
    );
  }
  return pushed;
}
