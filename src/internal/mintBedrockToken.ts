import type * as TokenGenerator from "@aws/bedrock-token-generator";
import type { AwsCredentialIdentity } from "@smithy/types";
import { CredchainError } from "../core/CredchainError.js";
import { errorLabel, safeCause } from "./sdkError.js";

type Generator = typeof TokenGenerator;
let loading: Promise<Generator> | undefined;

/** What {@link mintBedrockToken} made. */
export interface MintedBedrockToken {
  /** `bedrock-api-key-…`: a presigned `CallWithBearerToken` URL. */
  token: string;
  /** When the key stops working: never later than the presigned expiry or the credentials'. */
  expiresAt: number;
  /** Whether the credentials' expiration, not the lifetime asked for, set `expiresAt`. */
  cappedByCredentials: boolean;
}

/**
 * Mints a short-term Bedrock API key from `credentials` with `@aws/bedrock-token-generator`,
 * imported on first use. It lives `expiresInSeconds`, shortened to what the credentials have left;
 * credentials with less than a second left are `CREDENTIALS_EXPIRED`. The generator signs with the
 * system clock (`X-Amz-Date`, whole seconds); `now` must be at or before that instant, so the
 * `expiresAt` returned is never later than the key's real end.
 */
export async function mintBedrockToken(
  credentials: AwsCredentialIdentity,
  region: string,
  expiresInSeconds: number,
  now: number,
): Promise<MintedBedrockToken> {
  const credentialsEnd = credentials.expiration?.getTime() ?? Infinity;
  const left = Math.floor((credentialsEnd - now) / 1000);
  const seconds = Math.min(expiresInSeconds, left);
  if (seconds < 1) {
    throw new CredchainError(
      "CREDENTIALS_EXPIRED",
      "bedrockTokenProvider: the credentials to mint from have expired.",
      { hint: "Refresh the credentials (a chain does so before expiry); then mint again." },
    );
  }
  let generator: Generator;
  try {
    generator = await (loading ??= import("@aws/bedrock-token-generator"));
  } catch (cause) {
    loading = undefined;
    throw new CredchainError(
      "UNSUPPORTED",
      "Minting a short-term Bedrock API key needs the package @aws/bedrock-token-generator.",
      { hint: "npm install @aws/bedrock-token-generator", cause: safeCause(cause) },
    );
  }
  let token: string;
  try {
    token = await generator.getToken({ credentials, region, expiresInSeconds: seconds });
  } catch (error) {
    throw new CredchainError(
      "SOURCE_FAILED",
      `bedrockTokenProvider: the key could not be minted (${errorLabel(error)}).`,
      {
        hint: "Check that the credentials are an access key pair (and session token).",
        cause: safeCause(error),
      },
    );
  }
  const signedAt = Math.floor(now / 1000) * 1000;
  return {
    token,
    expiresAt: Math.min(signedAt + seconds * 1000, credentialsEnd),
    cappedByCredentials: left < expiresInSeconds,
  };
}
