import { isDeepStrictEqual, parseArgs } from "node:util";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { mask, type MaskKind } from "../core/mask.js";
import { SecretError } from "../core/SecretError.js";
import { listOption, parseOrThrow, readEnvFile } from "./args.js";
import type { CliCommand } from "./command.js";
import { EXIT, formatTable, writeJson } from "./output.js";
import { openSecretsManager, secretsManagerError, secretsRegion } from "./secretsClient.js";

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

function secretNameOption(name: string | undefined, flag: string): string {
  if (name === undefined || name.trim() === "") {
    throw new CredentialConfigError("INVALID_OPTION", `${flag} is required.`, {
      hint: `Pass the secret's name or ARN, e.g. ${flag === "NAME" ? "credchain secrets get prod/app" : `${flag} prod/app`}.`,
    });
  }
  const n = name.trim();
  if (!SECRET_NAME.test(n) && !n.startsWith("arn:")) {
    throw new CredentialConfigError(
      "SECRET_INVALID_NAME",
      `${flag} is not a valid secret name (the value is not shown).`,
      {
        hint: "Secret names use letters, digits and /_+=.@- (up to 512 characters).",
      },
    );
  }
  return n;
}

/**
 * How much of a secret's field may be shown, judged by its key name: access key IDs in part,
 * secret keys, session tokens and passwords never, anything else (API keys, tokens) `…last4`.
 */
export function maskKindForKey(key: string): MaskKind {
  if (/access_?key_?id/i.test(key)) return "access-key-id";
  if (/secret|session|passw|private|credential/i.test(key)) return "secret";
  return "api-key";
}

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

Reads PATH with Node's util.parseEnv, stores the chosen keys as one JSON secret (CreateSecret,
or PutSecretValue when NAME exists), reads it back to verify, and prints the ARN and key names.
Values are never printed.

Options:
  --env-path PATH   The .env file to read. Required.
  --name NAME       Secret name (or ARN of an existing secret). Required.
  --keys K1,K2      Only these keys (repeat or comma-separate). Default: every key in the file.
  --region R        Secrets Manager Region. Default: SECRETS_MANAGER_REGION, AWS_REGION, us-east-1.
  --dry-run         Print what would be pushed; make no AWS call.
  --json            Print the result (or error) as JSON on stdout.

Credentials and endpoint follow the AWS SDK's own settings (AWS_PROFILE, AWS_ACCESS_KEY_ID, …,
AWS_ENDPOINT_URL_SECRETS_MANAGER).

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
    const name = secretNameOption(values.name, "--name");
    const region = secretsRegion(values.region, io);
    const file = readEnvFile(values["env-path"], io);
    const wanted = listOption(values.keys);
    const missing = wanted.filter((k) => !(k in file));
    if (missing.length > 0) {
      throw new CredentialConfigError(
        "INVALID_OPTION",
        `--keys names keys not in ${values["env-path"]}: ${missing.join(", ")}.`,
        {
          hint: `Keys present: ${Object.keys(file).join(", ") || "(none)"}.`,
        },
      );
    }
    const keys = wanted.length > 0 ? [...new Set(wanted)] : Object.keys(file);
    if (keys.length === 0) {
      throw new CredentialConfigError(
        "INVALID_OPTION",
        `--env-path ${values["env-path"]} holds no variables.`,
        {
          hint: "Check the file: each line should read KEY=value.",
        },
      );
    }
    const payload: Record<string, string> = {};
    for (const k of keys) payload[k] = file[k] ?? "";

    if (values["dry-run"] === true) {
      if (values.json === true) writeJson(io, { name, region, keys, dryRun: true });
      else
        io.stdout(
          `dry run: would push ${keys.length} key(s) to ${name} in ${region}: ${keys.join(", ")}\n`,
        );
      return EXIT.ok;
    }

    const { sm, client } = await openSecretsManager(region);
    try {
      const secretString = JSON.stringify(payload);
      let action: "created" | "updated";
      let arn: string | undefined;
      let versionId: string | undefined;
      try {
        const created = await client.send(
          new sm.CreateSecretCommand({ Name: name, SecretString: secretString }),
        );
        action = "created";
        arn = created.ARN;
        versionId = created.VersionId;
      } catch (err) {
        if (!(err instanceof Error) || err.name !== "ResourceExistsException")
          throw secretsManagerError(err, name, "create");
        try {
          const put = await client.send(
            new sm.PutSecretValueCommand({ SecretId: name, SecretString: secretString }),
          );
          action = "updated";
          arn = put.ARN;
          versionId = put.VersionId;
        } catch (putErr) {
          throw secretsManagerError(putErr, name, "update");
        }
      }
      let readBack: unknown;
      try {
        const got = await client.send(
          new sm.GetSecretValueCommand({ SecretId: arn ?? name, VersionId: versionId }),
        );
        readBack = got.SecretString === undefined ? undefined : JSON.parse(got.SecretString);
      } catch (err) {
        if (err instanceof SyntaxError) readBack = undefined;
        else throw secretsManagerError(err, name, "read back");
      }
      if (!isDeepStrictEqual(readBack, payload)) {
        throw new SecretError(
          "SECRET_UNAVAILABLE",
          `Read-back of ${name} did not match what was pushed.`,
          {
            hint: "Another writer may have changed the secret; run the push again and check its versions.",
            secretName: name,
          },
        );
      }
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

const GET_OPTIONS = {
  key: { type: "string" },
  reveal: { type: "boolean" },
  region: { type: "string" },
  json: { type: "boolean" },
} as const;

type Shown = string | number | boolean | null;

function show(key: string, value: unknown, reveal: boolean): Shown {
  if (reveal)
    return typeof value === "object" && value !== null ? JSON.stringify(value) : (value as Shown);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return mask(text, maskKindForKey(key));
}

/** `credchain secrets get`: reads one secret, masked unless `--reveal`. */
export const secretsGetCommand: CliCommand = {
  name: "secrets get",
  summary: "read one secret, its values masked unless --reveal",
  help: `Usage: credchain secrets get NAME [--key K] [--reveal] [--region R] [--json]

Reads secret NAME (name or ARN) from Secrets Manager. JSON secrets list their keys with masked
values: access key IDs as AKIA…MPLE, API keys and tokens as …last4 (20+ characters, else
[redacted]), secret keys, session tokens and passwords as [redacted]. Plain-string secrets are
masked like API keys.

Options:
  --key K      Show only key K of a JSON secret.
  --reveal     Print values in the clear. With --key and without --json, prints the bare value.
  --region R   Secrets Manager Region. Default: SECRETS_MANAGER_REGION, AWS_REGION, us-east-1.
  --json       Print the result (or error) as JSON on stdout.

Examples:
  credchain secrets get prod/app
  credchain secrets get prod/app --key OPENAI_API_KEY --json
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
    const region = secretsRegion(values.region, io);
    const reveal = values.reveal === true;
    const { sm, client } = await openSecretsManager(region);
    let got: {
      ARN?: string | undefined;
      VersionId?: string | undefined;
      SecretString?: string | undefined;
      SecretBinary?: unknown;
    };
    try {
      got = await client.send(new sm.GetSecretValueCommand({ SecretId: name }));
    } catch (err) {
      throw secretsManagerError(err, name, "read");
    } finally {
      client.destroy();
    }
    if (got.SecretString === undefined) {
      throw new SecretError(
        "SECRET_BINARY",
        `Secret ${name} holds binary data, which credchain does not read.`,
        {
          hint: "Store the secret as a string or JSON (SecretString).",
          secretName: name,
        },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(got.SecretString);
    } catch {
      parsed = undefined;
    }
    const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    const base = { name, arn: got.ARN ?? null, versionId: got.VersionId ?? null, masked: !reveal };

    if (values.key !== undefined) {
      const record = isObject ? (parsed as Record<string, unknown>) : undefined;
      if (record === undefined || !(values.key in record)) {
        throw new SecretError(
          "SECRET_KEY_MISSING",
          record === undefined
            ? `Secret ${name} is not a JSON object, so it has no key ${values.key}.`
            : `Secret ${name} has no key ${values.key}.`,
          {
            hint:
              record === undefined
                ? "Drop --key to read the whole secret."
                : `Keys present: ${Object.keys(record).join(", ")}.`,
            secretName: name,
          },
        );
      }
      const value = show(values.key, record[values.key], reveal);
      if (values.json === true) writeJson(io, { ...base, key: values.key, value });
      else if (reveal) io.stdout(`${String(value)}\n`);
      else
        io.stdout(
          `${formatTable([
            ["secret", name],
            ["arn", base.arn ?? "(not returned)"],
            [values.key, String(value)],
          ])}\n`,
        );
      return EXIT.ok;
    }

    if (isObject) {
      const record = parsed as Record<string, unknown>;
      const shown: Record<string, Shown> = {};
      for (const [k, v] of Object.entries(record)) shown[k] = show(k, v, reveal);
      if (values.json === true) writeJson(io, { ...base, format: "json", values: shown });
      else {
        const rows = Object.entries(shown).map(([k, v]) => [k, String(v)]);
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
    const value = reveal ? got.SecretString : mask(got.SecretString, "api-key");
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
