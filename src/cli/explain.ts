import { parseArgs } from "node:util";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { decideAwsCredentials } from "../core/decideAwsCredentials.js";
import { decideCredentials } from "../core/decideCredentials.js";
import { echoInput } from "../core/echoInput.js";
import { unknownRegionWarning } from "../core/region.js";
import { secretsManagerRegionSourced } from "../core/secretsManagerRegion.js";
import type { CredentialDecision, CredentialDecisionJson } from "../core/types.js";
import {
  commandEnvFile,
  parseOrThrow,
  providerOption,
  readAdminKey,
  regionOption,
} from "./args.js";
import type { CliCommand } from "./command.js";
import type { CliIo } from "./io.js";
import { EXIT, formatTable, writeJson, writeWarnings } from "./output.js";
import { resolveDecision, type DecisionInput } from "./resolveDecision.js";

const OPTIONS = {
  provider: { type: "string" },
  "admin-key-env": { type: "string" },
  "admin-key-stdin": { type: "boolean" },
  region: { type: "string" },
  "model-id": { type: "string" },
  "env-path": { type: "string" },
  service: { type: "string" },
  resolve: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** The AWS clients `--service` decides for: they sign as the service identity. */
export const SERVICES = ["polly", "ses", "s3", "secrets-manager"] as const;

/** Flags shared by `explain` and `doctor` that build the decision input. */
export interface DecisionFlags {
  provider?: string | undefined;
  "admin-key-env"?: string | undefined;
  "admin-key-stdin"?: boolean | undefined;
  region?: string | undefined;
  "model-id"?: string | undefined;
  "env-path"?: string | undefined;
}

/**
 * Builds `decideCredentials` input from flags and the environment. Without `--provider` the core
 * picks the provider (`LLM_PROVIDER`, environment then env file, else `bedrock`). `--region` and
 * `--model-id` play the admin panel's region and model fields.
 */
export async function decisionInputFrom(
  flags: DecisionFlags,
  io: CliIo,
): Promise<{
  input: DecisionInput;
  envFile: Record<string, string> | undefined;
  warnings: string[];
}> {
  const { values: envFile, note } = commandEnvFile(flags["env-path"], io);
  const admin = await readAdminKey(flags, io);
  const input: DecisionInput = {
    ...(flags.provider === undefined
      ? {}
      : { provider: providerOption(flags.provider, "--provider") }),
    adminKey: admin.value ?? null,
    adminRegion: flags.region === undefined ? null : regionOption(flags.region, "--region"),
    adminModelId: flags["model-id"]?.trim() || null,
    env: io.env,
    ...(envFile === undefined ? {} : { envFile }),
    ...(note === undefined ? {} : { envFileNote: note }),
  };
  return { input, envFile, warnings: admin.warnings };
}

const yesNo = (b: boolean | undefined): string => (b === true ? "yes" : "no");

/** The readable form of a decision: a summary, then the trace as a table, then warnings. */
export function formatDecision(json: CredentialDecisionJson): string {
  const { auth } = json;
  const authLines = [
    `${auth.kind} from ${auth.source}${auth.detail === null ? "" : ` (${auth.detail})`}`,
  ];
  if (auth.accessKeyId !== undefined)
    authLines.push(`access key ${auth.accessKeyId}, session token: ${yesNo(auth.hasSessionToken)}`);
  if (auth.apiKey !== undefined) authLines.push(`key ${auth.apiKey}`);
  if (auth.resolved !== undefined) {
    authLines.push(
      `resolved ${auth.resolved.accessKeyId}, expires ${auth.resolved.expiration ?? "never"}`,
    );
  }
  const rows: string[][] = [
    ["provider", json.provider],
    ...authLines.map((line, i) => [i === 0 ? "auth" : "", line]),
    ["region", json.region === null ? "-" : `${json.region.value} (${json.region.source})`],
    [
      "model id",
      json.modelId === null ? "-" : `${echoInput(json.modelId.value)} (${json.modelId.source})`,
    ],
  ];
  const trace = [
    ["SOURCE", "OUTCOME", "REASON"],
    ...json.trace.map((t) => [t.source, t.outcome, t.reason]),
  ];
  let text = `${formatTable(rows)}\n\ntrace:\n${formatTable(trace, "  ")}\n`;
  if (json.warnings.length > 0)
    text += `\nwarnings:\n${json.warnings.map((w) => `  - ${w}`).join("\n")}\n`;
  return text;
}

/** `credchain explain`: prints which credentials a call would use, and why. */
export const explainCommand: CliCommand = {
  name: "explain",
  summary: "print the credential decision for this environment, with its trace",
  help: `Usage: credchain explain [--provider P] [--admin-key-env VAR | --admin-key-stdin] [--region R]
                         [--model-id M] [--env-path PATH] [--resolve] [--json]
       credchain explain --service polly|ses|s3|secrets-manager [--region R] [--env-path PATH]
                         [--resolve] [--json]

Runs credchain's decision over this process's environment (and ./.env, or --env-path) and prints
which credentials a call would use, where the region and model ID come from, every source
considered (trace) and warnings. Secrets are masked; secret keys are never shown.

With --service it prints the service identity instead: what the Polly, SES, S3 and Secrets Manager
clients of a process sign with (env pair, then .env, then the AWS SDK default chain), the same
identity pollyClientConfig(), s3ClientConfig(), sesClientConfig() and secretsManagerClientConfig()
hand their clients.

Options:
  --provider P         bedrock, openai, anthropic, cohere or custom. Default: LLM_PROVIDER, else bedrock.
  --admin-key-env VAR  Read the admin panel's key from environment variable VAR (its NAME).
  --admin-key-stdin    Read the admin panel's key from stdin.
  --region R           The admin panel's region (wins over AWS_REGION).
  --model-id M         The admin panel's model ID (wins over BEDROCK_MODEL_ID).
  --env-path PATH      Read PATH as the env file instead of ./.env (parsed as dotenv does).
  --service S          Explain the service identity of polly, ses, s3 or secrets-manager.
  --resolve            Consult network sources (Secrets Manager, the AWS default chain) through the
                       standard chain and show the resolved identity (masked).
  --json               Print the decision (or error) as JSON on stdout.

Examples:
  credchain explain
  ADMIN_KEY=… credchain explain --admin-key-env ADMIN_KEY --region eu-west-1 --json
  printf '%s' "$KEY" | credchain explain --admin-key-stdin --provider openai
  credchain explain --env-path .env.production --json
  credchain explain --service polly --resolve
`,
  async run(argv, io) {
    const { values } = parseOrThrow("explain", () =>
      parseArgs({ args: argv, options: OPTIONS, strict: true }),
    );
    if (values.service !== undefined) return explainService(values, io);
    const { input, warnings } = await decisionInputFrom(values, io);
    writeWarnings(io, warnings);
    // The pure decision runs first so configuration errors exit 2 even with --resolve.
    const pure = decideCredentials(input);
    const decision: CredentialDecision =
      values.resolve === true ? await resolveDecision(input, io.cwd) : pure;
    writeDecision(io, decision.toJSON(), values.json === true);
    return EXIT.ok;
  },
};

/** Prints a decision, with what came from input made printable (bounded, no control characters). */
function writeDecision(io: CliIo, json: CredentialDecisionJson, asJson: boolean, extra = {}): void {
  const shown: CredentialDecisionJson =
    json.modelId === null
      ? json
      : { ...json, modelId: { ...json.modelId, value: echoInput(json.modelId.value) } };
  if (asJson) writeJson(io, { ...extra, ...shown });
  else {
    const service = (extra as { service?: string }).service;
    io.stdout(
      `${service === undefined ? "" : `service   ${service} (the service identity)\n`}${formatDecision(shown)}`,
    );
  }
}

/** `explain --service`: the service identity, pure or resolved through the service chain. */
async function explainService(
  values: DecisionFlags & {
    service?: string | undefined;
    resolve?: boolean | undefined;
    json?: boolean | undefined;
  },
  io: CliIo,
): Promise<number> {
  const service = (SERVICES as readonly string[]).find(
    (s) => s === values.service?.trim().toLowerCase(),
  );
  if (service === undefined) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      `--service must be one of ${SERVICES.join(", ")}.`,
      {
        hint: "The AI assistant's credentials are explained without --service (see --provider).",
      },
    );
  }
  for (const flag of ["provider", "admin-key-env", "admin-key-stdin", "model-id"] as const) {
    if (values[flag] !== undefined) {
      throw new CredentialConfigError("INVALID_OPTION", `--${flag} does not apply to --service.`, {
        hint: "The service identity has no admin key, provider or model; drop the flag.",
      });
    }
  }
  const { values: envFile, note } = commandEnvFile(values["env-path"], io);
  const region = values.region === undefined ? undefined : regionOption(values.region, "--region");
  const pure = decideAwsCredentials({
    env: io.env,
    ...(envFile === undefined ? {} : { envFile }),
    ...(note === undefined ? {} : { envFileNote: note }),
    ...(region === undefined ? {} : { region }),
  });
  let decision = pure;
  if (values.resolve === true) {
    const { createAwsChain } = await import("../chain/createAwsChain.js");
    decision = await createAwsChain({
      env: io.env,
      cwd: io.cwd,
      ...(envFile === undefined ? {} : { envFile }),
    }).resolve();
  }
  const json = decision.toJSON();
  if (service === "secrets-manager" && json.region !== null) {
    // Secrets Manager's own region rule, over the same env and env file; its warning replaces
    // the one about the region the other services use.
    const smRegion = secretsManagerRegionSourced(io.env, region, "--region", envFile);
    const otherWarning = unknownRegionWarning(json.region);
    const smWarning = unknownRegionWarning(smRegion);
    json.warnings = [
      ...json.warnings.filter((w) => w !== otherWarning),
      ...(smWarning === undefined ? [] : [smWarning]),
    ];
    json.region = smRegion;
  }
  writeDecision(io, json, values.json === true, { service });
  return EXIT.ok;
}
