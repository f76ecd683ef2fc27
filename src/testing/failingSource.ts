import { CredchainError } from "../core/CredchainError.js";
import { recordingSource, type TestSource } from "./staticSource.js";

/**
 * A source that always fails, which stops the chain (fail closed).
 *
 * @param error What to throw. @default a `CredchainError` with code `SOURCE_FAILED`
 * @example
 * ```ts
 * const chain = createCredentialChain({ provider: "bedrock", sources: [failingSource("vault"), fromEnv()] });
 * await expect(chain.resolve()).rejects.toThrow("vault");
 * ```
 */
export function failingSource(name: string, error?: Error): TestSource {
  return recordingSource(name, () => {
    throw (
      error ??
      new CredchainError("SOURCE_FAILED", `Test source ${name} failed.`, {
        hint: "This failure was scripted by failingSource from credchain/testing.",
      })
    );
  });
}
