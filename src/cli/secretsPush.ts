import { parseArgs } from "node:util";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { buildSecretPayload, pushSecret } from "../secrets/pushSecret.js";
import { listOption, parseOrThrow, readEnvFile } from "./args.js";
import type { CliCommand } from "./command.js";
import { EXIT, formatTable, writeJson } from "./output.js";
import { openSecretsManager, secretsManagerError, secretsRegion } from "./secretsClient.js";
import { secretNameOption } from "./secretNameOption.js";

const PUSH_OPTIONS = {
  "env-path": { type: "string" },
  name: { type: "string" },
  keys: { type: "string", multiple: true },
  region: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** `credchain secrets push`: creates or updates a JSON secret from a `.env` file and verifies it. */
export const secretsPushCommand: CliCommand = {
  name: "secrets push",
  summary: "create or update a JSON secret from a .env file, then read it back to verify",
  help: `Usage: credchain secrets push --env-path PATH --name NAME [--keys K1,K2] [--region R]
                             [--dry-run] [--json]

Reads PATH (parsed as dotenv does), stores the chosen keys as one JSON secret (CreateSecret,
or PutSecretValue when NAME exists), reads it back to verify, and prints the ARN and key names.
Values are never printed.

Options:
  --env-path PATH   The .env file to read. Required.
  --name NAME       Secret name (or ARN of an existing secret). Required.
  --keys K1,K2      Only these keys (repeat or comma-separate). Default: every key in the file.
  --region R        Secrets Manager Region. Default: SECRETS_MANAGER_REGION, AWS_REGION, us-east-1.
  --dry-run         Print what would be pushed; make no AWS call.
  --json            Print the result (or error) as JSON on stdout.

Signs as the service identity ("credchain explain --service secrets-manager": the env key pair,
then ./.env, then the AWS SDK default chain); the endpoint follows the SDK's own settings
(AWS_ENDPOINT_URL_SECRETS_MANAGER).

Examples:
  credchain secrets push --env-path .env.production --name prod/app --dry-run
  credchain secrets push --env-path .env.production --name prod/app --keys OPENAI_API_KEY,ANTHROPIC_API_KEY
  credchain secrets push --env-path .env --name prod/app --region eu-west-1 --json
`,
  async run(argv, io) {
    const { values } = parseOrThrow("secrets push", () =>
      parseArgs({ args: argv, options: PUSH_OPTIONS, strict: true }),
    );
    if (values["env-path"] === undefined) {
      throw new CredentialConfigError("INVALID_OPTION", "--env-path is required.", {
        hint: "Pass the .env file to push, e.g. --env-path .env.production.",
      });
    }
    const name = secretNameOption(values.name, "--name", { parameters: false });
    const region = secretsRegion(values.region, io);
    const file = readEnvFile(values["env-path"], io);
    const payload = buildSecretPayload(file, listOption(values.keys), values["env-path"]);
    const keys = Object.keys(payload);

    if (values["dry-run"] === true) {
      if (values.json === true) writeJson(io, { name, region, keys, dryRun: true });
      else
        io.stdout(
          `dry run: would push ${keys.length} key(s) to ${name} in ${region}: ${keys.join(", ")}\n`,
        );
      return EXIT.ok;
    }

    const { client } = await openSecretsManager(region, io);
    try {
      const { action, arn, versionId } = await pushSecret(client, name, payload).catch(
        (err: unknown) => {
          throw secretsManagerError(err, name, "push");
        },
      );
      const result = {
        name,
        arn: arn ?? null,
        versionId: versionId ?? null,
        region,
        action,
        keys,
        verified: true,
      };
      if (values.json === true) writeJson(io, result);
      else {
        io.stdout(
          `${formatTable([
            ["secret", name],
            ["arn", result.arn ?? "(not returned)"],
            ["version", result.versionId ?? "(not returned)"],
            ["action", `${action}, verified by reading it back`],
            ["keys", keys.join(", ")],
          ])}\n`,
        );
      }
      return EXIT.ok;
    } finally {
      client.destroy();
    }
  },
};
