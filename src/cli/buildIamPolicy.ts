import { arnFor, parseSecretArn, SECRET_NAME_PATTERN } from "../core/arn.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { echoInput } from "../core/echoInput.js";
import { partitionOf } from "../core/partitions.js";
import type { Provider } from "../core/types.js";
import { GLOBAL_PROFILE_PREFIX, INFERENCE_PROFILE_GEOGRAPHIES } from "./inferenceProfileRegions.js";

const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const ACCOUNT = /^\d{12}$/;
const MODEL_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9_.:-]*)+$/i;

/** What `credchain policy` grants. */
export interface IamPolicyInput {
  /** Only `bedrock` grants model invocation. */
  provider: Provider;
  /** Foundation-model IDs and cross-Region inference profile IDs (`us.…`, `global.…`). */
  modelIds: readonly string[];
  /** The Region the service calls Bedrock in (the profile's source Region). */
  region: string;
  /** 12-digit account ID; required for inference profiles and for secrets given by name. */
  account?: string | undefined;
  /** Secret names (suffix wildcard added) or full secret ARNs (used as given). */
  secrets: readonly string[];
  /** Region of the secrets given by name. @default region */
  secretsRegion?: string | undefined;
  /** Grant `bedrock:CallWithBearerToken` (Bedrock API keys). */
  bearer: boolean;
  /** Grant `secretsmanager:BatchGetSecretValue`. */
  batch: boolean;
  /** Destination Regions for geographic profiles, replacing credchain's assumed table. */
  profileRegions?: readonly string[] | undefined;
}

/** One IAM policy statement. */
export interface IamStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string>>;
}

/** An IAM identity-based policy document. */
export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: IamStatement[];
}

/** The policy plus notes on what it assumes (printed on stderr, never inside the policy). */
export interface IamPolicyResult {
  policy: IamPolicyDocument;
  notes: string[];
}

function configError(message: string, hint: string): CredentialConfigError {
  return new CredentialConfigError("INVALID_OPTION", message, { hint });
}

function requireAccount(account: string | undefined, why: string): string {
  if (account === undefined) {
    throw configError(
      `--account is required ${why}.`,
      "Pass your 12-digit AWS account ID with --account 123456789012.",
    );
  }
  if (!ACCOUNT.test(account)) {
    throw configError(
      "--account must be a 12-digit AWS account ID.",
      "Pass --account 123456789012 (digits only).",
    );
  }
  return account;
}

const foundationModelArn = (region: string, id: string): string =>
  arnFor("bedrock", region, "", `foundation-model/${id}`);

/**
 * Builds the least-privilege IAM policy for a credchain configuration: Bedrock invocation on the
 * named models only (with cross-Region inference profiles granted as AWS documents them),
 * `secretsmanager:GetSecretValue` on each secret, and the two actions that AWS authorizes only on
 * `Resource: "*"` (`BatchGetSecretValue`, `CallWithBearerToken`) when asked, each with a note.
 *
 * @example
 * ```ts
 * const { policy } = buildIamPolicy({ provider: "bedrock", modelIds: ["us.anthropic.claude-3-haiku-20240307-v1:0"],
 *   region: "us-east-1", account: "111122223333", secrets: [], bearer: false, batch: false });
 * ```
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
 */
export function buildIamPolicy(input: IamPolicyInput): IamPolicyResult {
  const statements: IamStatement[] = [];
  const notes: string[] = [];
  const modelIds = [...new Set(input.modelIds)];
  const secrets = [...new Set(input.secrets)];

  if (input.provider !== "bedrock") {
    if (modelIds.length > 0) {
      throw configError(
        `--model-id applies to --provider bedrock only (got ${input.provider}).`,
        "Drop --model-id or use --provider bedrock.",
      );
    }
    if (input.bearer) {
      throw configError(
        `--bearer applies to --provider bedrock only (got ${input.provider}).`,
        "Drop --bearer or use --provider bedrock.",
      );
    }
  } else if (modelIds.length === 0) {
    throw configError(
      "--model-id is required for --provider bedrock: a least-privilege policy names its models.",
      "Pass each model or inference profile ID, e.g. --model-id us.anthropic.claude-3-haiku-20240307-v1:0.",
    );
  }
  if (input.batch && secrets.length === 0) {
    throw configError(
      "--batch needs at least one --secret: BatchGetSecretValue returns only secrets the caller may GetSecretValue.",
      "Add --secret NAME for each secret the service preloads.",
    );
  }

  const direct: string[] = [];
  const geoProfiles: { id: string; arn: string; models: string[] }[] = [];
  const globalProfiles: { id: string; arn: string; model: string }[] = [];
  for (const id of modelIds) {
    if (id.startsWith("arn:")) {
      throw configError(
        "--model-id takes a model or inference profile ID, not an ARN.",
        "Pass the ID after the last slash of the ARN.",
      );
    }
    if (!MODEL_ID.test(id)) {
      throw configError(
        `--model-id ${JSON.stringify(echoInput(id))} is not a Bedrock model ID.`,
        "Model IDs look like anthropic.claude-3-haiku-20240307-v1:0 or us.amazon.nova-pro-v1:0.",
      );
    }
    const dot = id.indexOf(".");
    const prefix = id.slice(0, dot);
    const model = id.slice(dot + 1);
    if (prefix === GLOBAL_PROFILE_PREFIX) {
      const account = requireAccount(input.account, `for the inference profile ${id}`);
      globalProfiles.push({
        id,
        model,
        arn: arnFor("bedrock", input.region, account, `inference-profile/${id}`),
      });
      continue;
    }
    const geography = INFERENCE_PROFILE_GEOGRAPHIES[prefix];
    if (geography === undefined) {
      direct.push(foundationModelArn(input.region, id));
      continue;
    }
    if (!geography.includes(input.region)) {
      notes.push(
        `warning: ${id} is a "${prefix}" inference profile, which can only be called from a Region of that geography (${geography.join(", ")}); --region ${input.region} is not one, so calls through this profile will fail. Pass --region with one of them, or use the profile of ${input.region}'s geography.`,
      );
    }
    const account = requireAccount(input.account, `for the inference profile ${id}`);
    const destinations =
      input.profileRegions !== undefined && input.profileRegions.length > 0
        ? input.profileRegions
        : geography;
    const regions = [...new Set([input.region, ...destinations])].sort();
    geoProfiles.push({
      id,
      arn: arnFor("bedrock", input.region, account, `inference-profile/${id}`),
      models: regions.map((r) => foundationModelArn(r, model)),
    });
    notes.push(
      input.profileRegions !== undefined && input.profileRegions.length > 0
        ? `${id}: foundation model granted in ${regions.join(", ")} (from --profile-regions plus the source Region).`
        : `${id}: foundation model granted in ${regions.join(", ")}, credchain's assumed destinations for the "${prefix}" geography; ` +
            `compare with "aws bedrock get-inference-profile --inference-profile-identifier ${id}" and narrow with --profile-regions.`,
    );
  }

  if (direct.length > 0) {
    statements.push({
      Sid: "InvokeFoundationModels",
      Effect: "Allow",
      Action: INVOKE_ACTIONS,
      Resource: direct,
    });
  }
  if (geoProfiles.length > 0) {
    statements.push({
      Sid: "InvokeInferenceProfiles",
      Effect: "Allow",
      Action: INVOKE_ACTIONS,
      Resource: geoProfiles.map((p) => p.arn),
    });
    geoProfiles.forEach((p, i) => {
      statements.push({
        Sid: `InvokeModelViaProfile${i + 1}`,
        Effect: "Allow",
        Action: INVOKE_ACTIONS,
        Resource: p.models,
        Condition: { StringEquals: { "bedrock:InferenceProfileArn": p.arn } },
      });
    });
  }
  if (globalProfiles.length > 0) {
    statements.push({
      Sid: "InvokeGlobalInferenceProfiles",
      Effect: "Allow",
      Action: INVOKE_ACTIONS,
      Resource: globalProfiles.map((p) => p.arn),
      Condition: { StringEquals: { "aws:RequestedRegion": input.region } },
    });
    globalProfiles.forEach((p, i) => {
      statements.push(
        {
          Sid: `InvokeModelViaGlobalProfile${i + 1}`,
          Effect: "Allow",
          Action: INVOKE_ACTIONS,
          Resource: [foundationModelArn(input.region, p.model)],
          Condition: {
            StringEquals: {
              "aws:RequestedRegion": input.region,
              "bedrock:InferenceProfileArn": p.arn,
            },
          },
        },
        {
          Sid: `InvokeAnyRegionModelViaGlobalProfile${i + 1}`,
          Effect: "Allow",
          Action: INVOKE_ACTIONS,
          Resource: [`arn:${partitionOf(input.region)}:bedrock:::foundation-model/${p.model}`],
          Condition: {
            StringEquals: {
              "aws:RequestedRegion": "unspecified",
              "bedrock:InferenceProfileArn": p.arn,
            },
          },
        },
      );
      notes.push(
        `${p.id}: a global profile may route to any commercial Region; AWS authorizes that through the Region-less ARN ` +
          `arn:${partitionOf(input.region)}:bedrock:::foundation-model/${p.model} (aws:RequestedRegion "unspecified"). An SCP that denies requests outside ` +
          `listed Regions must exempt it.`,
      );
    });
  }

  if (input.bearer) {
    statements.push({
      Sid: "CallWithBearerToken",
      Effect: "Allow",
      Action: ["bedrock:CallWithBearerToken"],
      Resource: ["*"],
    });
    notes.push(
      'bedrock:CallWithBearerToken supports no resource-level permissions, so AWS requires Resource "*" for it. It only lets ' +
        "a Bedrock API key authenticate; what the key can call is still limited to the invoke statements above.",
    );
  }

  if (secrets.length > 0) {
    const region = input.secretsRegion ?? input.region;
    const arns = secrets.map((s) => {
      if (s.startsWith("arn:")) {
        const arn = parseSecretArn(s);
        if (arn === undefined || partitionOf(arn.region) !== arn.partition) {
          throw configError(
            "--secret ARN is not a Secrets Manager secret ARN (its partition must match its Region).",
            "ARNs look like arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/app-AbCdEf (arn:aws-cn:…, arn:aws-us-gov:… in those partitions).",
          );
        }
        return s;
      }
      if (!SECRET_NAME_PATTERN.test(s)) {
        throw configError(
          `--secret ${JSON.stringify(s)} is not a valid secret name.`,
          "Secret names use letters, digits and /_+=.@- (up to 512 characters).",
        );
      }
      const account = requireAccount(input.account, `for the secret ${s}`);
      return arnFor("secretsmanager", region, account, `secret:${s}-??????`);
    });
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: arns,
    });
    if (input.batch) {
      statements.push({
        Sid: "BatchReadSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:BatchGetSecretValue"],
        Resource: ["*"],
      });
      notes.push(
        'secretsmanager:BatchGetSecretValue supports no resource-level permissions, so AWS requires Resource "*" for it. ' +
          "It returns only secrets the caller may GetSecretValue, which the ReadSecrets statement limits to the secrets above.",
      );
    }
    if (secrets.some((s) => !s.startsWith("arn:"))) {
      notes.push(
        'Secrets given by name end in "-??????" to match the six random characters Secrets Manager appends to every secret ARN.',
      );
    }
  }

  return { policy: { Version: "2012-10-17", Statement: statements }, notes };
}
