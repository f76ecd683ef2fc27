import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { readOptions } from "../core/checkOptions.js";
import { CredchainError } from "../core/CredchainError.js";
import { lazySchema } from "../core/lazyZod.js";
import { commonOptionFields } from "../core/optionFields.js";
import { SourceSkippedError } from "../core/SourceSkippedError.js";
import { errorLabel, safeCause } from "../internal/sdkError.js";
import {
  createDefaultChainProvider,
  dropSharedDefaultChain,
  sharedDefaultChainProvider,
  type DefaultChainInit,
} from "../internal/defaultChainProvider.js";
import { mask } from "../core/mask.js";
import type { CredentialSource } from "./CredentialSource.js";
import { readSourceContext } from "./sourceContext.js";

export type { DefaultChainInit } from "../internal/defaultChainProvider.js";

/** Options of {@link fromDefaultChain}. */
export interface FromDefaultChainInit {
  /** Passed to the SDK's `fromNodeProviderChain`. */
  init?: DefaultChainInit;
  /**
   * Leave out the SDK's own env link (its `fromEnv` reads `AWS_ACCESS_KEY_ID`… raw, whitespace
   * and all), for chains whose own `env` source came first: the chains built from the environment
   * set it, so env credentials are read by credchain's rules only. The shared config and
   * credentials files, SSO, web identity, ECS and IMDS are read as the SDK reads them.
   * @default false
   */
  skipEnv?: boolean;
}

function whyNothing(): string {
  const notes: string[] = [];
  if (process.env.AWS_EC2_METADATA_DISABLED === "true")
    notes.push("IMDS disabled by AWS_EC2_METADATA_DISABLED");
  if (process.env.AWS_PROFILE) notes.push("AWS_PROFILE is set");
  const uri =
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ??
    process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  if (uri) notes.push("a container credentials endpoint is configured");
  return notes.length === 0 ? "" : ` (${notes.join("; ")})`;
}

const initSchema = lazySchema((z) =>
  z.strictObject({
    init: commonOptionFields(z).object("fromNodeProviderChain options").optional(),
    skipEnv: z.boolean({ error: "must be a boolean" }).optional(),
  }),
);

/**
 * The AWS SDK's default node chain (`default-chain`): env, SSO, shared ini profiles, process,
 * web identity, ECS container credentials, EC2 instance metadata. The SDK module is imported on
 * first use. "Could not load credentials from any providers" skips; any other SDK error stops the
 * chain. The SDK reads `process.env` and `~/.aws` itself; the shared config and credentials files
 * are read afresh each time the source is rebuilt (first use, `invalidate()`, an auth-failure
 * recovery), so a rewritten `~/.aws/credentials` is picked up without a restart. With `skipEnv`
 * and no `init` it reads process-wide state only, so every such source (and every secret store's
 * service identity) shares one SDK chain: one container or instance-metadata fetch per process,
 * and an `invalidate()` rebuilds it for all of them.
 *
 * @example
 * ```ts
 * fromDefaultChain({ init: { profile: "prod" } });
 * ```
 */
export function fromDefaultChain(options: FromDefaultChainInit = {}): CredentialSource {
  options = readOptions("fromDefaultChain", options, initSchema);
  // Without its env link and with no init it reads process-wide state only: one per process.
  const shared = options.skipEnv === true && options.init === undefined;
  let provider: Promise<AwsCredentialIdentityProvider> | undefined;
  return {
    name: "default-chain",
    // The SDK's provider chain memoizes what it found (a static profile key forever): drop it, so
    // the next resolution reads env, the shared config and credentials files and the endpoints again.
    invalidate() {
      if (shared && provider !== undefined) dropSharedDefaultChain(provider);
      provider = undefined;
    },
    async resolve(given) {
      const context = readSourceContext(given, "default-chain");
      if (shared) {
        provider = sharedDefaultChainProvider(context.logger);
      } else if (provider === undefined) {
        const creating = createDefaultChainProvider(options.init, {
          skipEnv: options.skipEnv,
          logger: context.logger,
        });
        provider = creating;
        creating.catch(() => {
          if (provider === creating) provider = undefined;
        });
      }
      const current = await provider;
      let credentials;
      try {
        credentials = await current();
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        if (name === "CredentialsProviderError") {
          throw new SourceSkippedError(
            "default-chain",
            `the AWS SDK default chain found no credentials in env, SSO, profiles, web identity, ECS or IMDS${whyNothing()}`,
            { cause: safeCause(error) },
          );
        }
        throw new CredchainError(
          "SOURCE_FAILED",
          `The AWS SDK default credential chain failed (${errorLabel(error)}).`,
          {
            hint: "Check the AWS profile, SSO session, or container/instance role configuration named in the cause.",
            cause: safeCause(error),
          },
        );
      }
      return {
        source: "default-chain",
        kind: "aws-default-chain",
        detail: null,
        credentials,
        reason: `the AWS SDK default chain resolved ${mask(credentials.accessKeyId, "access-key-id")}${
          credentials.expiration ? ` (expires ${credentials.expiration.toISOString()})` : ""
        }`,
      };
    },
  };
}
