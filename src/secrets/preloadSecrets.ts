import {
  isCredchainError,
  type CredchainError,
  type CredchainErrorCode,
} from "../core/CredchainError.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { echoInput } from "../core/echoInput.js";
import type { SecretError } from "../core/SecretError.js";
import { isParameterName } from "../core/parameterName.js";
import { parameterStoreFailure } from "../internal/parameterStoreErrors.js";
import { secretsManagerFailure } from "../internal/secretsManagerErrors.js";
import { checkSecretName } from "./secretName.js";
import type { SecretCache } from "./secretCache.js";
import { GET_PARAMETERS_LIMIT } from "./parameterStoreBackend.js";
import type { SecretsManagerBackend, SmOutcome } from "./secretsManagerBackend.js";
import { BATCH_GET_SECRET_VALUE_LIMIT, type PreloadResult } from "./SecretStore.js";

/** Batches sent at once, so a long list does not burst past the API's request rate. */
const BATCH_CONCURRENCY = 4;

/**
 * The failure of one name: credchain's own errors (a malformed service identity) as they are, as
 * the backends pass them; anything else in the words of the service the name belongs to.
 */
const failureOf = (cause: unknown, name: string): CredchainError =>
  isCredchainError(cause)
    ? cause
    : isParameterName(name)
      ? parameterStoreFailure(cause, name)
      : secretsManagerFailure(cause, name);

/**
 * `preload`: BatchGetSecretValue (20 names a call) and GetParameters for `ssm:` names (10 a call),
 * a few calls at a time, into the cache. Fresh entries and names already in flight are not fetched
 * again; per-name failures are listed.
 */
export async function preloadSecrets(
  names: unknown,
  enabled: boolean,
  cache: SecretCache,
  backendFor: (name: string) => SecretsManagerBackend,
): Promise<PreloadResult> {
  if (!Array.isArray(names)) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      "preload(names): names must be an array of secret names.",
      {
        hint: 'Pass an array such as ["prod/llm/openai", "prod/db"].',
      },
    );
  }
  const result: PreloadResult = { loaded: [], cached: [], skipped: [], failed: [] };
  const wanted: string[] = [];
  names.forEach((raw: unknown, index) => {
    let name: string;
    try {
      name = checkSecretName(raw);
    } catch (error) {
      const e = error as SecretError;
      // Shown only when echoInput would repeat it whole: never a pasted key, a control
      // character or an overlong value.
      result.failed.push({
        name: typeof raw === "string" && echoInput(raw) === raw ? raw : `names[${index}]`,
        code: e.code,
        message: e.message,
      });
      return;
    }
    if (!wanted.includes(name)) wanted.push(name);
  });
  if (!enabled) {
    result.skipped.push(...wanted);
    return result;
  }

  const waits: Array<[string, Promise<SmOutcome>]> = [];
  const toFetch: string[] = [];
  for (const name of wanted) {
    const pending = cache.pending(name);
    if (cache.isFresh(name)) result.cached.push(name);
    else if (pending !== undefined) waits.push([name, pending]);
    else toFetch.push(name);
  }
  // Secrets Manager takes 20 names a call, Parameter Store 10: one batch never mixes the two.
  const chunks: string[][] = [];
  for (const group of [
    toFetch.filter((n) => !isParameterName(n)),
    toFetch.filter(isParameterName),
  ]) {
    const limit = isParameterName(group[0] ?? "")
      ? GET_PARAMETERS_LIMIT
      : BATCH_GET_SECRET_VALUE_LIMIT;
    for (let i = 0; i < group.length; i += limit) chunks.push(group.slice(i, i + limit));
  }
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] ?? [];
      const backend = backendFor(chunk[0] ?? "");
      const batch = backend.batch(chunk);
      for (const name of chunk) {
        const one = batch.then(
          (results) => {
            const outcome = results.get(name) ?? failureOf(undefined, name);
            // A failed batch entry starts no backoff: the next get asks with GetSecretValue.
            if (outcome instanceof Error) throw outcome;
            cache.settle(name, outcome, () => backend.get(name));
            return outcome;
          },
          (cause: unknown) => {
            throw failureOf(cause, name);
          },
        );
        cache.track(name, one);
        waits.push([name, one]);
      }
      await batch.catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));

  const settled = await Promise.allSettled(waits.map(([, p]) => p));
  settled.forEach((outcome, i) => {
    const name = waits[i]?.[0] ?? "";
    if (outcome.status === "rejected") {
      const e = failureOf(outcome.reason, name);
      result.failed.push({ name, code: e.code, message: e.message });
    } else if (outcome.value.kind === "value") {
      result.loaded.push(name);
    } else {
      const code: CredchainErrorCode =
        outcome.value.reason === "not-found" ? "SECRET_NOT_FOUND" : "SECRET_ACCESS_DENIED";
      const kms = outcome.value.reason === "decryption-failure";
      result.failed.push({
        name,
        code,
        message: isParameterName(name)
          ? `Parameter Store: ${outcome.value.errorName}${kms ? " (KMS could not decrypt it)" : ""} for parameter ${name}.`
          : `Secrets Manager: ${outcome.value.errorName} for secret ${name}.`,
      });
    }
  });
  return result;
}
