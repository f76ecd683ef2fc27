import { isParameterName } from "../core/parameterName.js";
import type { Provider } from "../core/types.js";
import {
  policyOptionError,
  type IamPolicyDocument,
  type IamStatement,
} from "./iamPolicyDocument.js";
import { modelInvokeStatements } from "./modelInvokeStatements.js";
import { parameterReadStatements } from "./parameterReadStatements.js";
import { secretReadStatements } from "./secretReadStatements.js";

export type { IamPolicyDocument, IamStatement } from "./iamPolicyDocument.js";

/** What `credchain policy` grants. */
export interface IamPolicyInput {
  /** Only `bedrock` grants model invocation. */
  provider: Provider;
  /** Foundation-model IDs and cross-Region inference profile IDs (`us.…`, `global.…`). */
  modelIds: readonly string[];
  /** The Region the service calls Bedrock in (the profile's source Region), and reads `ssm:` names in. */
  region: string;
  /** 12-digit account ID; required for inference profiles and for secrets given by name. */
  account?: string | undefined;
  /**
   * Secret names (suffix wildcard added) or full secret ARNs (used as given); `ssm:/path` names
   * and parameter ARNs are Parameter Store parameters.
   */
  secrets: readonly string[];
  /** Region of the Secrets Manager secrets given by name. @default region */
  secretsRegion?: string | undefined;
  /** Grant `bedrock:CallWithBearerToken` (Bedrock API keys). */
  bearer: boolean;
  /** Grant `secretsmanager:BatchGetSecretValue`. */
  batch: boolean;
  /** Destination Regions for geographic profiles, replacing credchain's assumed table. */
  profileRegions?: readonly string[] | undefined;
}

/** The policy plus notes on what it assumes (printed on stderr, never inside the policy). */
export interface IamPolicyResult {
  policy: IamPolicyDocument;
  notes: string[];
}

/**
 * Builds the least-privilege IAM policy for a credchain configuration: Bedrock invocation on the
 * named models only (with cross-Region inference profiles granted as AWS documents them),
 * `secretsmanager:GetSecretValue` on each secret, `ssm:GetParameter(s)` and `kms:Decrypt` (through
 * Parameter Store only) for `ssm:` names, and the two actions that AWS authorizes only on
 * `Resource: "*"` (`BatchGetSecretValue`, `CallWithBearerToken`) when asked, each with a note.
 *
 * @example
 * ```ts
 * const { policy } = buildIamPolicy({ provider: "bedrock", modelIds: ["us.anthropic.claude-3-haiku-20240307-v1:0"],
 *   region: "us-east-1", account: "111122223333", secrets: ["ssm:/prod/app"], bearer: false, batch: false });
 * ```
 */
export function buildIamPolicy(input: IamPolicyInput): IamPolicyResult {
  const statements: IamStatement[] = [];
  const notes: string[] = [];
  const modelIds = [...new Set(input.modelIds)];
  const secrets = [...new Set(input.secrets)].filter((s) => !isParameterName(s));
  const parameters = [...new Set(input.secrets)].filter(isParameterName);

  if (input.provider !== "bedrock") {
    if (modelIds.length > 0) {
      throw policyOptionError(
        `--model-id applies to --provider bedrock only (got ${input.provider}).`,
        "Drop --model-id or use --provider bedrock.",
      );
    }
    if (input.bearer) {
      throw policyOptionError(
        `--bearer applies to --provider bedrock only (got ${input.provider}).`,
        "Drop --bearer or use --provider bedrock.",
      );
    }
  } else if (modelIds.length === 0) {
    throw policyOptionError(
      "--model-id is required for --provider bedrock: a least-privilege policy names its models.",
      "Pass each model or inference profile ID, e.g. --model-id us.anthropic.claude-3-haiku-20240307-v1:0.",
    );
  }
  if (input.batch && secrets.length === 0) {
    throw policyOptionError(
      "--batch needs at least one --secret naming a Secrets Manager secret: BatchGetSecretValue returns only secrets the caller may GetSecretValue.",
      parameters.length > 0
        ? "Drop --batch: ssm: names are preloaded with ssm:GetParameters, which is granted with them."
        : "Add --secret NAME for each secret the service preloads.",
    );
  }

  const parts = [
    modelInvokeStatements({
      modelIds,
      region: input.region,
      account: input.account,
      bearer: input.bearer,
      profileRegions: input.profileRegions,
    }),
    ...(secrets.length === 0
      ? []
      : [
          secretReadStatements({
            secrets,
            region: input.secretsRegion ?? input.region,
            account: input.account,
            batch: input.batch,
          }),
        ]),
    ...(parameters.length === 0
      ? []
      : [parameterReadStatements({ parameters, region: input.region, account: input.account })]),
  ];
  for (const part of parts) {
    statements.push(...part.statements);
    notes.push(...part.notes);
  }
  return { policy: { Version: "2012-10-17", Statement: statements }, notes };
}
