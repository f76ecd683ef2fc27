import { parseArgs } from "node:util";
import type { CredentialChain } from "../chain/createCredentialChain.js";
import { decideCredentials } from "../core/decideCredentials.js";
import { isCredchainError } from "../core/CredchainError.js";
import { DEFAULT_REGION } from "../core/region.js";
import { stsCallerIdentity } from "../internal/stsCallerIdentity.js";
import type { CredentialDecision } from "../core/types.js";
import { echoInput } from "../core/echoInput.js";
import { ENV_NAME_PATTERN } from "../core/envNames.js";
import { listOption, parseOrThrow } from "./args.js";
import type { CliCommand } from "./command.js";
import { decisionInputFrom } from "./explain.js";
import type { CliIo } from "./io.js";
import { EXIT, errorBody, formatTable, writeJson, writeWarnings } from "./output.js";
import { chainFor, type DecisionInput } from "./resolveDecision.js";
import { openSecretReader } from "./secretReader.js";
import { secretNameOption } from "./secretNameOption.js";

const OPTIONS = {
  provider: { type: "string" },
  require: { type: "string", multiple: true },
  secret: { type: "string", multiple: true },
  sts: { type: "boolean" },
  "env-path": { type: "string" },
  "admin-key-env": { type: "string" },
  "admin-key-stdin": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** One health check's outcome. Details name variables and secrets, never values. */
export interface DoctorCheck {
  check: string;
  status: "pass" | "fail" | "skip";
  detail: string;
  code?: string;
  hint?: string;
}

function failed(check: string, err: unknown): DoctorCheck {
  const body = errorBody(err);
  return { check, status: "fail", detail: body.message, code: body.code, hint: body.hint };
}

function requiredChecks(
  names: readonly string[],
  env: CliIo["env"],
  envFile: Record<string, string> | undefined,
): DoctorCheck[] {
  return names.map((name) => {
    const shown = echoInput(name);
    const check = `required ${shown}`;
    if (env[name]?.trim()) return { check, status: "pass", detail: "set in the environment" };
    if (envFile?.[name]?.trim()) return { check, status: "pass", detail: "set in the env file" };
    return {
      check,
      status: "fail",
      detail: `${shown} is not set (or empty)`,
      hint: ENV_NAME_PATTERN.test(name)
        ? `Set ${shown} in the service's environment.`
        : "Pass variable names to --require (letters, digits and _), never values.",
    };
  });
}

async function secretChecks(given: readonly string[], io: CliIo): Promise<DoctorCheck[]> {
  // A name that is not one (a pasted key, control characters) fails here, unsent and unechoed.
  const checks: DoctorCheck[] = [];
  const names: string[] = [];
  for (const raw of given) {
    try {
      names.push(secretNameOption(raw, "--secret"));
    } catch (err) {
      checks.push(failed(`secret ${echoInput(raw)}`, err));
    }
  }
  if (names.length === 0) return checks;
  const reader = openSecretReader(io);
  try {
    for (const name of names) {
      const check = `secret ${name}`;
      try {
        const got = await reader.read(name);
        let shape = got.text === undefined ? "binary" : "string";
        if (got.text !== undefined) {
          try {
            const parsed: unknown = JSON.parse(got.text);
            if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
              shape = `JSON with ${Object.keys(parsed).length} key(s)`;
            }
          } catch {
            // a plain-string secret
          }
        }
        const where =
          got.service === "Parameter Store" ? `Parameter Store, ${got.region}` : got.region;
        checks.push({ check, status: "pass", detail: `readable in ${where} (${shape})` });
      } catch (err) {
        checks.push(failed(check, err));
      }
    }
    return checks;
  } finally {
    reader.close();
  }
}

async function credentialsCheck(
  input: DecisionInput,
  cwd: string,
): Promise<{ check: DoctorCheck; resolved?: CredentialDecision; chain?: CredentialChain }> {
  const check = "credentials resolve";
  try {
    const chain = await chainFor(input, cwd);
    const resolved = await chain.resolve();
    const a = resolved.auth;
    const r = a.resolved;
    const detail =
      r === undefined
        ? `${a.kind} from ${a.source}`
        : `${a.kind} from ${a.source}: ${r.accessKeyId}, expires ${r.expiration ?? "never"}`;
    return { check: { check, status: "pass", detail }, resolved, chain };
  } catch (err) {
    return { check: failed(check, err) };
  }
}

/** STS GetCallerIdentity signed by the chain that resolved, as every client built on it would be. */
async function stsCheck(
  decision: CredentialDecision,
  chain: CredentialChain,
): Promise<DoctorCheck> {
  const check = "sts identity";
  const kind = decision.auth.kind;
  if (kind !== "aws-static" && kind !== "aws-default-chain") {
    return {
      check,
      status: "skip",
      detail: `STS needs AWS credentials; the decision uses ${decision.auth.kind}`,
    };
  }
  try {
    const who = await stsCallerIdentity(chain.credentials, {
      region: decision.region?.value ?? DEFAULT_REGION,
    });
    return { check, status: "pass", detail: `account ${who.account ?? "?"}, ${who.arn ?? "?"}` };
  } catch (err) {
    // No credentials surface as the chain's own error (NO_CREDENTIALS), inside STS's.
    const cause = isCredchainError(err) ? err.cause : undefined;
    return failed(check, isCredchainError(cause) ? cause : err);
  }
}

function formatChecks(checks: readonly DoctorCheck[]): string {
  const rows: string[][] = [["STATUS", "CHECK", "DETAIL"]];
  for (const c of checks) {
    rows.push([
      c.status === "fail" ? "FAIL" : c.status,
      c.check,
      c.code === undefined ? c.detail : `${c.code}: ${c.detail}`,
    ]);
    if (c.status === "fail" && c.hint !== undefined) rows.push(["", "", `hint: ${c.hint}`]);
  }
  const failures = checks.filter((c) => c.status === "fail").length;
  return `${formatTable(rows)}\n\n${failures === 0 ? "all checks passed" : `${failures} check(s) failed`}\n`;
}

/** `credchain doctor`: health checks an operator runs around a deployment. */
export const doctorCommand: CliCommand = {
  name: "doctor",
  summary: "health check: required variables, the decision, secrets, credentials, STS identity",
  help: `Usage: credchain doctor [--provider P] [--require VAR,...] [--secret NAME]... [--sts]
                        [--env-path PATH] [--admin-key-env VAR | --admin-key-stdin] [--json]

Runs every check and reports each one; exits 0 only when none fails, else 1 (2 for bad flags).

Checks:
  required VAR         each --require variable is set (names only, never values)
  decision             the configuration decides without error (as "credchain explain")
  secret NAME          each --secret is readable from Secrets Manager, or Parameter Store for
                       ssm:/path names and parameter ARNs (the value is discarded)
  credentials resolve  credentials resolve through the standard chain (as "explain --resolve")
  sts identity         with --sts, the caller's account and ARN from STS GetCallerIdentity
                       (needs the optional package @aws-sdk/client-sts)

Options:
  --provider P         bedrock, openai, anthropic, cohere or custom. Default: LLM_PROVIDER, else bedrock.
  --require VAR,...    Variables that must be set (repeat or comma-separate).
  --secret NAME        A secret the service reads (repeatable). Region: SECRETS_MANAGER_REGION,
                       AWS_REGION, us-east-1; for ssm: names AWS_REGION, us-east-1.
  --sts                Also call STS GetCallerIdentity.
  --env-path PATH      Also read PATH as the env file.
  --admin-key-env VAR  Read the admin panel's key from environment variable VAR (its NAME).
  --admin-key-stdin    Read the admin panel's key from stdin.
  --json               Print {"ok", "checks":[...]} (or an error) as JSON on stdout.

Examples:
  credchain doctor --require AWS_REGION,BEDROCK_MODEL_ID
  credchain doctor --provider openai --secret prod/openai --json
  credchain doctor --secret ssm:/prod/app/openai
  credchain doctor --sts
`,
  async run(argv, io) {
    const { values } = parseOrThrow("doctor", () =>
      parseArgs({ args: argv, options: OPTIONS, strict: true }),
    );
    const { input, envFile, warnings } = await decisionInputFrom(values, io);
    writeWarnings(io, warnings);
    const checks: DoctorCheck[] = requiredChecks(listOption(values.require), io.env, envFile);

    let decision: CredentialDecision | undefined;
    try {
      decision = decideCredentials(input);
      const a = decision.auth;
      checks.push({
        check: "decision",
        status: "pass",
        detail: `${a.kind} from ${a.source}${a.detail === null ? "" : ` (${a.detail})`}`,
      });
    } catch (err) {
      checks.push(failed("decision", err));
    }
    checks.push(...(await secretChecks(listOption(values.secret), io)));
    if (decision === undefined) {
      checks.push({ check: "credentials resolve", status: "skip", detail: "the decision failed" });
      if (values.sts === true)
        checks.push({ check: "sts identity", status: "skip", detail: "the decision failed" });
    } else {
      const credentials = await credentialsCheck(input, io.cwd);
      checks.push(credentials.check);
      if (values.sts === true) {
        checks.push(
          credentials.resolved === undefined || credentials.chain === undefined
            ? { check: "sts identity", status: "skip", detail: "credentials did not resolve" }
            : await stsCheck(credentials.resolved, credentials.chain),
        );
      }
    }

    const ok = checks.every((c) => c.status !== "fail");
    if (values.json === true) writeJson(io, { ok, checks });
    else io.stdout(formatChecks(checks));
    return ok ? EXIT.ok : EXIT.failure;
  },
};
