import { SECRET_NAME_PATTERN } from "../core/arn.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { looksLikeCredential } from "../core/keyShapes.js";

/** Validates a secret name or ARN given to a flag; the value is never echoed (it may be a pasted key). */
export function secretNameOption(name: string | undefined, flag: string): string {
  if (name === undefined || name.trim() === "") {
    throw new CredentialConfigError("INVALID_OPTION", `${flag} is required.`, {
      hint: `Pass the secret's name or ARN, e.g. ${flag === "NAME" ? "credchain secrets get prod/app" : `${flag} prod/app`}.`,
    });
  }
  const n = name.trim();
  if ((!SECRET_NAME_PATTERN.test(n) && !n.startsWith("arn:")) || looksLikeCredential(n)) {
    throw new CredentialConfigError(
      "SECRET_INVALID_NAME",
      `${flag} is not a valid secret name (the value is not shown).`,
      {
        hint: "Secret names use letters, digits and /_+=.@- (up to 512 characters).",
      },
    );
  }
  return n;
}
