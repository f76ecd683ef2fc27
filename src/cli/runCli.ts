import { CredentialConfigError } from "../core/CredentialConfigError.js";
import type { CliCommand } from "./command.js";
import { doctorCommand } from "./doctor.js";
import { explainCommand } from "./explain.js";
import { packageVersion, type CliIo } from "./io.js";
import { EXIT, reportError } from "./output.js";
import { policyCommand } from "./policy.js";
import { secretsGetCommand } from "./secretsGet.js";
import { secretsPushCommand } from "./secretsPush.js";
import { tokenBedrockCommand } from "./tokenCommand.js";

/** Every command, in the order `credchain --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  explainCommand,
  doctorCommand,
  policyCommand,
  secretsPushCommand,
  secretsGetCommand,
  tokenBedrockCommand,
];

const HELP_FLAGS = new Set(["--help", "-h"]);

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `credchain ${packageVersion()}: which credentials should this call use, and why?

Usage: credchain <command> [options]
       credchain <command> --help

Commands:
${lines.join("\n")}

Exit codes: 0 ok, 1 failure, 2 configuration error (bad flag, malformed key), 3 no credentials.
Errors print on stderr as "credchain: CODE: message" and a "hint:" line; with --json, on stdout
as {"error":{"code","message","hint"}}. Admin keys are read from --admin-key-env VAR (the
variable's NAME) or --admin-key-stdin, never from a flag value. Secrets are never printed
unless you pass --reveal to "credchain secrets get".

Examples:
  credchain explain --provider bedrock --admin-key-env ADMIN_KEY --json
  credchain policy --model-id us.anthropic.claude-3-haiku-20240307-v1:0 --account 111122223333
  credchain secrets push --env-path .env.production --name prod/app --dry-run
  credchain doctor --require AWS_REGION,BEDROCK_MODEL_ID --secret prod/app
  export AWS_BEARER_TOKEN_BEDROCK=$(credchain token bedrock --region us-east-1)
`;
}

function groupHelp(group: string, commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: credchain ${group} <subcommand> [options]

Subcommands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run "credchain ${group} <subcommand> --help" for its options and examples.
`;
}

/** A command name is echoed in errors only when it cannot be a pasted secret. */
const printable = (word: string): string =>
  /^[a-z][a-z-]{0,30}$/.test(word) ? `"${word}"` : "(not shown)";

/**
 * Runs `credchain` with `argv` (the arguments after the binary) and resolves to the exit code:
 * 0 ok, 1 failure, 2 configuration error, 3 no credentials. Every output goes through `io`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const end = argv.indexOf("--");
  const flags = end === -1 ? argv : argv.slice(0, end);
  const json = flags.includes("--json");
  const wantsHelp = flags.some((a) => HELP_FLAGS.has(a));
  try {
    const [first, second] = argv;
    if (first === undefined) {
      io.stderr(globalHelp());
      return EXIT.config;
    }
    if (HELP_FLAGS.has(first) || first === "help") {
      const topic = first === "help" ? argv.slice(1).join(" ") : "";
      const command = COMMANDS.find((c) => c.name === topic);
      const group = COMMANDS.filter((c) => c.name.startsWith(`${topic} `));
      io.stdout(
        command !== undefined
          ? command.help
          : group.length > 0
            ? groupHelp(topic, group)
            : globalHelp(),
      );
      return EXIT.ok;
    }
    if (first === "--version" || first === "-v") {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    const command =
      group.length > 0
        ? COMMANDS.find((c) => second !== undefined && c.name === `${first} ${second}`)
        : COMMANDS.find((c) => c.name === first);
    if (command === undefined) {
      if (group.length > 0) {
        if (wantsHelp) {
          io.stdout(groupHelp(first, group));
          return EXIT.ok;
        }
        throw new CredentialConfigError(
          "INVALID_OPTION",
          second === undefined
            ? `"credchain ${first}" needs a subcommand: ${group.map((c) => c.name.split(" ")[1]).join(", ")}.`
            : `Unknown subcommand ${printable(second)} for "credchain ${first}".`,
          { hint: `Run "credchain ${first} --help".` },
        );
      }
      throw new CredentialConfigError("INVALID_OPTION", `Unknown command ${printable(first)}.`, {
        hint: `Commands: ${COMMANDS.map((c) => c.name).join(", ")}. Run "credchain --help".`,
      });
    }
    if (wantsHelp) {
      io.stdout(command.help);
      return EXIT.ok;
    }
    return await command.run(argv.slice(command.name.split(" ").length), io);
  } catch (err) {
    return reportError(io, err, json);
  }
}
