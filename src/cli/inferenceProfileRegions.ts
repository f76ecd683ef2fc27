/**
 * The Regions each cross-Region inference profile geography may route to, as credchain assumes
 * them for `credchain policy`. AWS defines the destinations per profile and adds Regions over
 * time; a profile usually routes to a subset of its geography. Granting the whole geography keeps
 * the policy working when AWS adds a destination, at the cost of naming Regions a given profile
 * may never use. Override with `--profile-regions` using the list from
 * `aws bedrock get-inference-profile --inference-profile-identifier <id>`.
 *
 * `global.` profiles are not listed: they route to any commercial Region and are granted through
 * the Region-less foundation-model ARN (`arn:aws:bedrock:::foundation-model/<id>`) instead.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */
export const INFERENCE_PROFILE_GEOGRAPHIES: Readonly<Record<string, readonly string[]>> = {
  us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
  /** AWS GovCloud (US): `us-gov.` profiles, ARNs in the `aws-us-gov` partition. */
  "us-gov": ["us-gov-east-1", "us-gov-west-1"],
  eu: [
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
  ],
  apac: [
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "me-central-1",
  ],
  jp: ["ap-northeast-1", "ap-northeast-3"],
  au: ["ap-southeast-2", "ap-southeast-4"],
};

/** Prefix of global cross-Region inference profile IDs. */
export const GLOBAL_PROFILE_PREFIX = "global";
