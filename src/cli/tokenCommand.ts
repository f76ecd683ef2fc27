import { parseArgs } from "node:util";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { resolveRegion } from "../core/region.js";
import { commandEnvFile, joinNegativeNumbers, parseOrThrow, regionOption } from "./args.js";
import type { CliCommand } from "./command.js";
import { EXIT, writeJson } from "./output.js";

const OPTIONS = {
  region: { type: "string" },
  "expires-in": { type: "string" },
  "env-path": { type: "string" },
  json: { type: "boolean" },
} as const;

/** `credchain token bedrock`: mints a short-term Bedrock API key from the service identity. */
export const tokenBedrockCommand: CliCommand = {
  name: "token bedrock",
  summary: "print a short-term Bedrock API key minted from this environment's AWS identity",
  help: `Usage: credchain token bedrock [--region R] [--expires-in SECONDS] [--env-path PATH] [--json]

Mints a short-term Bedrock API key from the service identity (the env key pair, then ./.env, then
the AWS SDK default chain: profile, SSO, ECS or EC2 role) with AWS's bedrock-token-generator, and
prints it on stdout — nothing else goes to stdout — for tools that take only a bearer token:

  export AWS_BEARER_TOKEN_BEDROCK=$(credchain token bedrock --region us-east-1)

The key works in the Region it was minted for only, and lives --expires-in seconds (at most 43200,
12 hours), never longer than the credentials it was minted from.

Options:
  --region R          The Region to mint for. Default: AWS_REGION, AWS_DEFAULT_REGION (the
                      environment, then the env file), us-east-1.
  --expires-in S      Lifetime in seconds, 1 to 43200. Default: 43200.
  --env-path PATH     Read PATH as the env file instead of ./.env.
  --json              Print {"token","expiration","region"} instead (errors as {"error":…}).
`,
  async run(argv, io) {
    const { values } = parseOrThrow("token bedrock", () =>
      parseArgs({
        args: joinNegativeNumbers(argv, ["--expires-in"]),
        options: OPTIONS,
        strict: true,
      }),
    );
    const raw = values["expires-in"];
    const expiresInSeconds = raw === undefined ? undefined : Number(raw);
    if (
      expiresInSeconds !== undefined &&
      (!/^\d{1,5}$/.test(raw ?? "") || expiresInSeconds < 1 || expiresInSeconds > 43_200)
    ) {
      throw new CredentialConfigError(
        "INVALID_OPTION",
        "--expires-in must be a whole number of seconds from 1 to 43200.",
        {
          hint: "Pass --expires-in 3600 for an hour; 43200 (12 hours) is the most Bedrock accepts.",
        },
      );
    }
    const { values: envFile } = commandEnvFile(values["env-path"], io);
    const region =
      values.region === undefined
        ? resolveRegion({ env: io.env, envFile }).value
        : regionOption(values.region, "--region");
    const [{ createAwsChain }, { bedrockTokenProvider }] = await Promise.all([
      import("../chain/createAwsChain.js"),
      import("../chain/bedrockTokenProvider.js"),
    ]);
    const chain = createAwsChain({
      env: io.env,
      cwd: io.cwd,
      ...(envFile === undefined ? {} : { envFile }),
    });
    const token = await bedrockTokenProvider(chain, {
      region,
      ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
    })();
    if (values.json === true) {
      const expiration = token.expiration?.toISOString() ?? null;
      writeJson(io, { token: token.token, expiration, region });
    } else {
      io.stdout(`${token.token}\n`);
    }
    return EXIT.ok;
  },
};
