import { parseArgs } from "node:util";
import { DEFAULT_REGION } from "../core/region.js";
import { listOption, parseOrThrow, providerOption, regionOption } from "./args.js";
import { buildIamPolicy } from "./buildIamPolicy.js";
import type { CliCommand } from "./command.js";
import type { CliIo } from "./io.js";
import { EXIT, writeJson } from "./output.js";

const OPTIONS = {
  provider: { type: "string" },
  "model-id": { type: "string", multiple: true },
  region: { type: "string" },
  account: { type: "string" },
  secret: { type: "string", multiple: true },
  "secrets-region": { type: "string" },
  "profile-regions": { type: "string", multiple: true },
  bearer: { type: "boolean" },
  batch: { type: "boolean" },
  json: { type: "boolean" },
} as const;

function regionFrom(
  values: { region?: string | undefined },
  io: CliIo,
): { region: string; note?: string } {
  if (values.region !== undefined) return { region: regionOption(values.region, "--region") };
  for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION"] as const) {
    const v = io.env[name]?.trim();
    if (v)
      return {
        region: regionOption(v, name),
        note: `region ${v} taken from ${name}; pass --region to choose.`,
      };
  }
  return {
    region: DEFAULT_REGION,
    note: `region ${DEFAULT_REGION} assumed (no --region, AWS_REGION or AWS_DEFAULT_REGION).`,
  };
}

/** `credchain policy`: prints the least-privilege IAM policy JSON for a configuration. */
export const policyCommand: CliCommand = {
  name: "policy",
  summary: "print the least-privilege IAM policy JSON for a configuration",
  help: `Usage: credchain policy [--provider P] [--model-id ID]... [--region R] [--account ID]
                       [--secret NAME|ARN]... [--secrets-region R] [--profile-regions R,...]
                       [--bearer] [--batch] [--json]

Prints an IAM policy document on stdout (pipe it to a file); notes on what it assumes go to stderr.

Options:
  --provider P            bedrock (default), openai, anthropic, cohere or custom. Only bedrock
                          grants model invocation; other providers need only their secrets.
  --model-id ID           A foundation-model ID (anthropic.claude-3-haiku-20240307-v1:0) or a
                          cross-Region inference profile ID (us., us-gov., eu., apac., jp., au.,
                          global.).
                          Repeat or comma-separate. Required for bedrock.
  --region R              Region the service calls Bedrock in. Default: AWS_REGION,
                          AWS_DEFAULT_REGION, then us-east-1.
  --account ID            12-digit account ID. Required for inference profiles and secret names.
  --secret NAME|ARN       Grant secretsmanager:GetSecretValue. Names get the "-??????" suffix
                          wildcard; full ARNs are used as given. Repeatable. ssm:/path names
                          and parameter ARNs grant ssm:GetParameter and ssm:GetParameters on
                          the parameter, and kms:Decrypt through Parameter Store only
                          (kms:ViaService); ssm: names are granted in --region.
  --secrets-region R      Region of Secrets Manager secrets given by name. Default: --region.
  --profile-regions R,..  Destination Regions of geographic inference profiles, replacing
                          credchain's assumed list of each geography's Regions.
  --bearer                Grant bedrock:CallWithBearerToken (Bedrock API keys).
  --batch                 Grant secretsmanager:BatchGetSecretValue (secret preloading; ssm:
                          names are preloaded with ssm:GetParameters, granted with them).
  --json                  Print errors as JSON on stdout.

Examples:
  credchain policy --model-id anthropic.claude-3-haiku-20240307-v1:0 --region us-east-1
  credchain policy --model-id us.anthropic.claude-3-haiku-20240307-v1:0 --region us-east-1 --account 111122223333
  credchain policy --model-id global.anthropic.claude-sonnet-4-5-20250929-v1:0 --account 111122223333 --bearer
  credchain policy --provider openai --secret prod/openai --account 111122223333 --batch > policy.json
  credchain policy --provider openai --secret ssm:/prod/openai --region eu-west-1 --account 111122223333
`,
  async run(argv, io) {
    const { values } = parseOrThrow("policy", () =>
      parseArgs({ args: argv, options: OPTIONS, strict: true }),
    );
    const { region, note } = regionFrom(values, io);
    const profileRegions = listOption(values["profile-regions"]).map((r) =>
      regionOption(r, "--profile-regions"),
    );
    const { policy, notes } = buildIamPolicy({
      provider:
        values.provider === undefined ? "bedrock" : providerOption(values.provider, "--provider"),
      modelIds: listOption(values["model-id"]),
      region,
      account: values.account?.trim(),
      secrets: listOption(values.secret),
      secretsRegion:
        values["secrets-region"] === undefined
          ? undefined
          : regionOption(values["secrets-region"], "--secrets-region"),
      bearer: values.bearer === true,
      batch: values.batch === true,
      profileRegions: profileRegions.length > 0 ? profileRegions : undefined,
    });
    writeJson(io, policy);
    for (const n of note === undefined ? notes : [note, ...notes]) io.stderr(`note: ${n}\n`);
    return EXIT.ok;
  },
};
