import { checkOptions } from "../core/checkOptions.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import { checkName, recordingSource, type TestSource } from "./staticSource.js";

const optionsSchema = lazySchema((z) =>
  z.strictObject({
    warnings: z
      .array(z.string({ error: "must be a string" }), { error: "must be an array of strings" })
      .optional(),
  }),
);

/**
 * A source that always skips with `reason` (the chain records it and tries the next source).
 *
 * @throws CredentialConfigError `INVALID_OPTION` for a name or reason that is not a string, or
 * options other than `{ warnings? }` (at creation).
 * @example
 * ```ts
 * skippingSource("secrets-manager", "USE_SECRETS_MANAGER is not true");
 * ```
 */
export function skippingSource(
  name: string,
  reason: string,
  options: { warnings?: readonly string[] } = {},
): TestSource {
  checkName("skippingSource", name);
  if (typeof reason !== "string") {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "skippingSource: the reason must be a string.",
      {
        hint: 'Say why the source skips, e.g. skippingSource("env", "no key pair").',
      },
    );
  }
  const { warnings } = checkOptions("skippingSource", options, optionsSchema, {
    hint: 'Pass skippingSource(name, reason) or skippingSource(name, reason, { warnings: ["…"] }).',
  });
  return recordingSource(name, () => {
    throw new SourceSkippedError(name, reason, warnings ? { warnings } : {});
  });
}
