import { parseArgs } from "node:util";
import { decideCredentials } from "../core/decideCredentials.js";
import type { CredentialDecision, CredentialDecisionJson } from "../core/types.js";
import { parseOrThrow, providerOption, readAdminKey, readEnvFile, regionOption } from "./args.js";
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
  resolve: { type: "boolean" },
  json: { type: "boolean" },
} as const;

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
  const envFile = flags["env-path"] === undefined ? undefined : readEnvFile(flags["env-path"], io);
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
    ["model id", json.modelId === null ? "-" : `${json.modelId.value} (${json.modelId.source})`],
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

Runs credchain's decision over this process's environment (and an optional .env file) and prints
which credentials a call would use, where the region and model ID come from, every source
considered (trace) and warnings. Secrets are masked; secret keys are never shown.

Options:
  --provider P         bedrock, openai, anthropic, cohere or custom. Default: LLM_PROVIDER, else bedrock.
  --admin-key-env VAR  Read the admin panel's key from environment variable VAR (its NAME).
  --admin-key-stdin    Read the admin panel's key from stdin.
  --region R           The admin panel's region (wins over AWS_REGION).
  --model-id M         The admin panel's model ID (wins over BEDROCK_MODEL_ID).
  --env-path PATH      Also read PATH (parsed with util.parseEnv) as the env file.
  --resolve            Consult network sources (Secrets Manager, the AWS default chain) through the
                       standard chain and show the resolved identity (masked).
  --json               Print the decision (or error) as JSON on stdout.

Examples:
  credchain explain
  ADMIN_KEY=… credchain explain --admin-key-env ADMIN_KEY --region eu-west-1 --json
  printf '%s' "$KEY" | credchain explain --admin-key-stdin --provider openai
  credchain explain --env-path .env.production --json
`,
  async run(argv, io) {
    const { values } = parseOrThrow("explain", () =>
      parseArgs({ args: argv, options: OPTIONS, strict: true }),
    );
    const { input, warnings } = await decisionInputFrom(values, io);
    writeWarnings(io, warnings);
    // The pure decision runs first so configuration errors exit 2 even with --resolve.
    const pure = decideCredentials(input);
    const decision: CredentialDecision =
      values.resolve === true ? await resolveDecision(input) : pure;
    const json = decision.toJSON();
    if (values.json === true) writeJson(io, json);
    else io.stdout(formatDecision(json));
    return EXIT.ok;
  },
};
