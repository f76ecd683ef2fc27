import { echoInput } from "../core/echoInput.js";
import { arnFor } from "../core/arn.js";
import { partitionOf } from "../core/partitions.js";
import {
  policyOptionError,
  requireAccount,
  type IamStatement,
  type IamStatements,
} from "./iamPolicyDocument.js";
import { GLOBAL_PROFILE_PREFIX, INFERENCE_PROFILE_GEOGRAPHIES } from "./inferenceProfileRegions.js";

const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const MODEL_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9_.:-]*)+$/i;

const foundationModelArn = (region: string, id: string): string =>
  arnFor("bedrock", region, "", `foundation-model/${id}`);

/** What {@link modelInvokeStatements} grants. */
export interface ModelInvokeInput {
  /** Foundation-model IDs and cross-Region inference profile IDs (`us.…`, `global.…`), deduplicated. */
  modelIds: readonly string[];
  /** The Region the service calls Bedrock in (the profile's source Region). */
  region: string;
  account: string | undefined;
  /** Grant `bedrock:CallWithBearerToken`. */
  bearer: boolean;
  /** Destination Regions for geographic profiles, replacing credchain's assumed table. */
  profileRegions: readonly string[] | undefined;
}

/**
 * Bedrock invocation on the named models only, with cross-Region inference profiles granted as AWS
 * documents them, and `bedrock:CallWithBearerToken` (Resource `*`) when asked.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
 */
export function modelInvokeStatements(input: ModelInvokeInput): IamStatements {
  const { modelIds, region, account, bearer, profileRegions } = input;
  const statements: IamStatement[] = [];
  const notes: string[] = [];
  const direct: string[] = [];
  const geoProfiles: { id: string; arn: string; models: string[] }[] = [];
  const globalProfiles: { id: string; arn: string; model: string }[] = [];
  for (const id of modelIds) {
    if (id.startsWith("arn:")) {
      throw policyOptionError(
        "--model-id takes a model or inference profile ID, not an ARN.",
        "Pass the ID after the last slash of the ARN.",
      );
    }
    if (!MODEL_ID.test(id)) {
      throw policyOptionError(
        `--model-id ${JSON.stringify(echoInput(id))} is not a Bedrock model ID.`,
        "Model IDs look like anthropic.claude-3-haiku-20240307-v1:0 or us.amazon.nova-pro-v1:0.",
      );
    }
    const dot = id.indexOf(".");
    const prefix = id.slice(0, dot);
    const model = id.slice(dot + 1);
    if (prefix === GLOBAL_PROFILE_PREFIX) {
      const owner = requireAccount(account, `for the inference profile ${id}`);
      globalProfiles.push({
        id,
        model,
        arn: arnFor("bedrock", region, owner, `inference-profile/${id}`),
      });
      continue;
    }
    const geography = INFERENCE_PROFILE_GEOGRAPHIES[prefix];
    if (geography === undefined) {
      direct.push(foundationModelArn(region, id));
      continue;
    }
    if (!geography.includes(region)) {
      notes.push(
        `warning: ${id} is a "${prefix}" inference profile, which can only be called from a Region of that geography (${geography.join(", ")}); --region ${region} is not one, so calls through this profile will fail. Pass --region with one of them, or use the profile of ${region}'s geography.`,
      );
    }
    const owner = requireAccount(account, `for the inference profile ${id}`);
    const destinations =
      profileRegions !== undefined && profileRegions.length > 0 ? profileRegions : geography;
    const regions = [...new Set([region, ...destinations])].sort();
    geoProfiles.push({
      id,
      arn: arnFor("bedrock", region, owner, `inference-profile/${id}`),
      models: regions.map((r) => foundationModelArn(r, model)),
    });
    notes.push(
      profileRegions !== undefined && profileRegions.length > 0
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
      Condition: { StringEquals: { "aws:RequestedRegion": region } },
    });
    globalProfiles.forEach((p, i) => {
      statements.push(
        {
          Sid: `InvokeModelViaGlobalProfile${i + 1}`,
          Effect: "Allow",
          Action: INVOKE_ACTIONS,
          Resource: [foundationModelArn(region, p.model)],
          Condition: {
            StringEquals: {
              "aws:RequestedRegion": region,
              "bedrock:InferenceProfileArn": p.arn,
            },
          },
        },
        {
          Sid: `InvokeAnyRegionModelViaGlobalProfile${i + 1}`,
          Effect: "Allow",
          Action: INVOKE_ACTIONS,
          Resource: [`arn:${partitionOf(region)}:bedrock:::foundation-model/${p.model}`],
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
          `arn:${partitionOf(region)}:bedrock:::foundation-model/${p.model} (aws:RequestedRegion "unspecified"). An SCP that denies requests outside ` +
          `listed Regions must exempt it.`,
      );
    });
  }

  if (bearer) {
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

  return { statements, notes };
}
