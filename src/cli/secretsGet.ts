import { parseArgs } from "node:util";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { echoInput } from "../core/echoInput.js";
import { maskSecretValue } from "../core/mask.js";
import { SecretError } from "../core/SecretError.js";
import { parseOrThrow } from "./args.js";
import type { CliCommand } from "./command.js";
import { EXIT, formatTable, writeJson } from "./output.js";
import { binarySecretError } from "../secrets/parseSecretText.js";
import { openSecretReader } from "./secretReader.js";
import { secretNameOption } from "./secretNameOption.js";

const GET_OPTIONS = {
  key: { type: "string" },
  reveal: { type: "boolean" },
  region: { type: "string" },
  json: { type: "boolean" },
} as const;

type Shown = string | number | boolean | null;

/** A key name as a terminal line may show it: a secret's keys are input too (see `echoInput`). */
const keyName = (key: string): string => echoInput(key);

function show(value: unknown, reveal: boolean): Shown {
  if (!reveal) return maskSecretValue(value);
  return typeof value === "object" && value !== null ? JSON.stringify(value) : (value as Shown);
}

/** `credchain secrets get`: reads one secret, masked unless `--reveal`. */
export const secretsGetCommand: CliCommand = {
  name: "secrets get",
  summary: "read one secret, its values masked unless --reveal",
  help: `Usage: credchain secrets get NAME [--key K] [--reveal] [--region R] [--json]

Reads secret NAME (name or ARN) from Secrets Manager, or a parameter (ssm:/path or a parameter
ARN) from SSM Parameter Store, decrypted. Without --reveal nothing of a value is
shown but two masks: AWS access key IDs as AKIA…MPLE and API keys of a known shape (sk-…,
sk-ant-…, ABSK…, bedrock-api-key-…) as …last4. Everything else (passwords, secret keys, tokens,
numbers, nested values) shows as [redacted], whatever its key is called.

Options:
  --key K      Show only key K of a JSON secret.
  --reveal     Print values in the clear. With --key and without --json, prints the bare value.
  --region R   Region. Secrets Manager: SECRETS_MANAGER_REGION, AWS_REGION, us-east-1.
               Parameter Store: AWS_REGION, us-east-1 (a parameter ARN's own region wins).
  --json       Print the result (or error) as JSON on stdout.

Examples:
  credchain secrets get prod/app
  credchain secrets get prod/app --key OPENAI_API_KEY --json
  credchain secrets get ssm:/prod/app/openai --json
  OPENAI_API_KEY=$(credchain secrets get prod/app --key OPENAI_API_KEY --reveal)
`,
  async run(argv, io) {
    const { values, positionals } = parseOrThrow("secrets get", () =>
      parseArgs({ args: argv, options: GET_OPTIONS, strict: true, allowPositionals: true }),
    );
    if (positionals.length > 1) {
      throw new CredentialConfigError(
        "INVALID_OPTION",
        '"credchain secrets get" reads one secret; several names were given.',
        {
          hint: "Run it once per secret.",
        },
      );
    }
    const name = secretNameOption(positionals[0], "NAME");
    const reveal = values.reveal === true;
    const reader = openSecretReader(io);
    let got;
    try {
      got = await reader.read(name, values.region);
    } finally {
      reader.close();
    }
    const text = got.text;
    if (text === undefined) throw binarySecretError(name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    const base = { name, arn: got.arn, versionId: got.versionId, masked: !reveal };

    if (values.key !== undefined) {
      const record = isObject ? (parsed as Record<string, unknown>) : undefined;
      if (record === undefined || !(values.key in record)) {
        throw new SecretError(
          "SECRET_KEY_MISSING",
          record === undefined
            ? `Secret ${name} is not a JSON object, so it has no key ${keyName(values.key)}.`
            : `Secret ${name} has no key ${keyName(values.key)}.`,
          {
            hint:
              record === undefined
                ? "Drop --key to read the whole secret."
                : `Keys present: ${Object.keys(record).map(keyName).join(", ")}.`,
            secretName: name,
          },
        );
      }
      const value = show(record[values.key], reveal);
      if (values.json === true) writeJson(io, { ...base, key: values.key, value });
      else if (reveal) io.stdout(`${String(value)}\n`);
      else
        io.stdout(
          `${formatTable([
            ["secret", name],
            ["arn", base.arn ?? "(not returned)"],
            [keyName(values.key), String(value)],
          ])}\n`,
        );
      return EXIT.ok;
    }

    if (isObject) {
      const record = parsed as Record<string, unknown>;
      const shown: Record<string, Shown> = {};
      for (const [k, v] of Object.entries(record)) shown[k] = show(v, reveal);
      if (values.json === true) writeJson(io, { ...base, format: "json", values: shown });
      else {
        const rows = Object.entries(shown).map(([k, v]) => [keyName(k), String(v)]);
        io.stdout(
          `${formatTable([
            ["secret", name],
            ["arn", base.arn ?? "(not returned)"],
            ["version", base.versionId ?? "(not returned)"],
          ])}\n` +
            `keys${reveal ? "" : " (masked; --reveal shows values)"}:\n${formatTable(rows, "  ")}\n`,
        );
      }
      return EXIT.ok;
    }
    const value = reveal ? text : maskSecretValue(text);
    if (values.json === true) writeJson(io, { ...base, format: "string", value });
    else if (reveal) io.stdout(`${value}\n`);
    else
      io.stdout(
        `${formatTable([
          ["secret", name],
          ["arn", base.arn ?? "(not returned)"],
          ["value", value],
        ])}\n`,
      );
    return EXIT.ok;
  },
};
