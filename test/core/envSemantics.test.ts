// Issue 12: the environment and secrets read the way the AWS SDK and AWS's own tools write them,
// and misconfigurations said out loud instead of failing later at AWS.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import {
  createAwsChain,
  createChainFromEnv,
  createCredentialChain,
  createSecretStore,
  decideAwsCredentials,
  decideCredentials,
  fromEnv,
} from "../../src/index.js";
import { runCliInProcess } from "../cli/runCliInProcess.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const TEMP_ID = "ASIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENcredchaintesting";
const pair = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
const future = new Date(Date.now() + 3_600_000).toISOString();

const decide = (env: Record<string, string>) => decideCredentials({ provider: "bedrock", env });
const identity = (env: Record<string, string>) => {
  const revealed = decide(env).reveal();
  if (revealed.kind !== "aws-static") throw new Error(`not static: ${revealed.kind}`);
  return revealed.credentials;
};

describe("env variables of the AWS SDK", () => {
  it("keeps AWS_CREDENTIAL_EXPIRATION as the identity's expiration", () => {
    const creds = identity({
      ...pair,
      AWS_ACCESS_KEY_ID: TEMP_ID,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_CREDENTIAL_EXPIRATION: future,
    });
    expect(creds.expiration?.toISOString()).toBe(future);
  });

  it("refuses an expired AWS_CREDENTIAL_EXPIRATION with CREDENTIALS_EXPIRED", () => {
    expect(() => decide({ ...pair, AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z" })).toThrow(
      expect.objectContaining({
        code: "CREDENTIALS_EXPIRED",
        message: expect.stringContaining("AWS_CREDENTIAL_EXPIRATION"),
      }),
    );
  });

  it("keeps AWS_ACCOUNT_ID and AWS_CREDENTIAL_SCOPE on the identity, as the SDK does", () => {
    const creds = identity({
      ...pair,
      AWS_ACCOUNT_ID: "123456789012",
      AWS_CREDENTIAL_SCOPE: "us-east-1",
    });
    expect(creds).toMatchObject({ accountId: "123456789012", credentialScope: "us-east-1" });
  });

  it("reads AWS_SECURITY_TOKEN as the older spelling of the session token", () => {
    const creds = identity({ ...pair, AWS_ACCESS_KEY_ID: TEMP_ID, AWS_SECURITY_TOKEN: TOKEN });
    expect(creds.sessionToken).toBe(TOKEN);
  });

  it("treats whitespace-only values as absent in the decision and in chain.credentials() alike", async () => {
    const env = { AWS_ACCESS_KEY_ID: "   ", AWS_SECRET_ACCESS_KEY: "  " };
    expect(decide(env).auth.kind).toBe("aws-default-chain");
    const chain = createCredentialChain({ provider: "bedrock", env, sources: [fromEnv({ env })] });
    await expect(chain.credentials()).rejects.toMatchObject({ code: "NO_CREDENTIALS" });
  });
});

describe("misconfigurations are said, not passed to AWS", () => {
  it.each([
    [
      "a quoted key ID (docker run --env-file)",
      { ...pair, AWS_ACCESS_KEY_ID: `"${KEY_ID}"` },
      "ENV_CREDENTIAL_MALFORMED",
      "quotes",
    ],
    [
      "a quoted secret",
      { ...pair, AWS_SECRET_ACCESS_KEY: `'${SECRET}'` },
      "ENV_CREDENTIAL_MALFORMED",
      "quotes",
    ],
    [
      "a bearer token in typographic quotes (copied from a document)",
      { AWS_BEARER_TOKEN_BEDROCK: "\u201Cbedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t\u201D" },
      "ENV_CREDENTIAL_MALFORMED",
      "quotes",
    ],
    [
      "an OpenAI key in AWS_ACCESS_KEY_ID",
      { ...pair, AWS_ACCESS_KEY_ID: "sk-proj-EXAMPLEexampleEXAMPLE0001" },
      "WRONG_PROVIDER_KEY",
      "AWS_ACCESS_KEY_ID",
    ],
    [
      "an OpenAI key in AWS_BEARER_TOKEN_BEDROCK",
      { AWS_BEARER_TOKEN_BEDROCK: "sk-proj-EXAMPLEexampleEXAMPLE0001" },
      "WRONG_PROVIDER_KEY",
      "AWS_BEARER_TOKEN_BEDROCK",
    ],
    [
      "a NUL byte in a secret",
      { ...pair, AWS_SECRET_ACCESS_KEY: `${SECRET}\u0000` },
      "ENV_CREDENTIAL_MALFORMED",
      "control character",
    ],
  ])("refuses %s, naming the variable", (_label, env, code, words) => {
    expect(() => decide(env)).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(words) }),
    );
  });

  it("detects a swapped env pair and never shows part of the secret as an access key ID", () => {
    const error = (() => {
      try {
        decide({ AWS_ACCESS_KEY_ID: SECRET, AWS_SECRET_ACCESS_KEY: KEY_ID });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      code: "ENV_CREDENTIAL_MALFORMED",
      message: expect.stringContaining("swapped"),
    });
    expect(inspect(error, { depth: 5 })).not.toContain(SECRET.slice(0, 4));
  });

  it("warns when AWS_PROFILE is set beside an env pair, and uses the pair", () => {
    const decision = decide({ ...pair, AWS_PROFILE: "other" });
    expect(decision.auth).toMatchObject({ source: "env", accessKeyId: "AKIA…MPLE" });
    expect(decision.warnings.join("\n")).toMatch(/AWS_PROFILE is set beside/);
  });

  it("warns in the service identity's decision about an sk-… AWS_BEARER_TOKEN_BEDROCK it does not read", () => {
    const sk = `sk-proj-${"a1B2c3D4e5".repeat(4)}`;
    const service = decideAwsCredentials({ env: { ...pair, AWS_BEARER_TOKEN_BEDROCK: sk } });
    expect(service.auth).toMatchObject({ source: "env", accessKeyId: "AKIA…MPLE" });
    expect(service.warnings.join("\n")).toContain(
      "AWS_BEARER_TOKEN_BEDROCK (environment) holds what looks like an OpenAI or Anthropic API key",
    );
    expect(JSON.stringify(service)).not.toContain(sk);
    expect(() => decide({ ...pair, AWS_BEARER_TOKEN_BEDROCK: sk })).toThrow(
      expect.objectContaining({ code: "WRONG_PROVIDER_KEY" }),
    );
  });

  it.each(["on", "ON", "yes", "1", "true", "Enabled"])(
    "reads USE_SECRETS_MANAGER=%s as on",
    (value) => {
      const decision = decide({
        USE_SECRETS_MANAGER: value,
        AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
      });
      expect(decision.trace[1]).toMatchObject({
        source: "secrets-manager",
        outcome: "not-consulted",
      });
    },
  );

  it("warns on a USE_SECRETS_MANAGER it cannot read, and stays off", () => {
    const decision = decide({
      USE_SECRETS_MANAGER: "maybe",
      AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
    });
    expect(decision.trace[1]).toMatchObject({ outcome: "skipped" });
    expect(decision.warnings.join("\n")).toContain("USE_SECRETS_MANAGER is neither");
  });

  it("warns on a region no partition knows, naming the nearest", () => {
    const decision = decide({ AWS_REGION: "eu-wst-1" });
    expect(decision.region?.value).toBe("eu-wst-1");
    expect(decision.warnings.join("\n")).toContain("did you mean eu-west-1?");
  });
});

describe("credential JSON as AWS's own tools print it", () => {
  const secret = (value: unknown) =>
    decideCredentials({
      provider: "bedrock",
      env: { AWS_BEDROCK_SECRET_NAME: "prod/aws", SECRET_prod_aws: JSON.stringify(value) },
    }).reveal();

  it.each([
    [
      "credential_process output",
      {
        Version: 1,
        AccessKeyId: TEMP_ID,
        SecretAccessKey: SECRET,
        SessionToken: TOKEN,
        Expiration: future,
      },
    ],
    [
      "ECS / IMDS metadata",
      {
        AccessKeyId: TEMP_ID,
        SecretAccessKey: SECRET,
        Token: TOKEN,
        Expiration: future,
        Code: "Success",
      },
    ],
    [
      "STS get-session-token",
      {
        Credentials: {
          AccessKeyId: TEMP_ID,
          SecretAccessKey: SECRET,
          SessionToken: TOKEN,
          Expiration: future,
        },
      },
    ],
  ])("reads %s with its session token and expiration", (_label, value) => {
    expect(secret(value)).toMatchObject({
      kind: "aws-static",
      credentials: { accessKeyId: TEMP_ID, sessionToken: TOKEN, expiration: new Date(future) },
    });
  });

  it("reads IAM create-access-key output", () => {
    expect(
      secret({
        AccessKey: {
          UserName: "app",
          AccessKeyId: KEY_ID,
          Status: "Active",
          SecretAccessKey: SECRET,
        },
      }),
    ).toMatchObject({
      kind: "aws-static",
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
  });

  it("refuses credentials whose Expiration has passed", () => {
    expect(() =>
      secret({
        AccessKeyId: TEMP_ID,
        SecretAccessKey: SECRET,
        Token: TOKEN,
        Expiration: "2020-01-01T00:00:00Z",
      }),
    ).toThrow(expect.objectContaining({ code: "CREDENTIALS_EXPIRED" }));
  });
});

describe("inputs read alike everywhere", () => {
  it('accepts provider: "OpenAI" in code, as LLM_PROVIDER and --provider do', () => {
    const decision = decideCredentials({
      provider: "OpenAI" as never,
      env: { OPENAI_API_KEY: "sk-proj-EXAMPLEexampleEXAMPLE0001" },
    });
    expect(decision.provider).toBe("openai");
  });
});

describe("warnings said on every path, not only by the pure decision", () => {
  const inFile = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
  const dirWithEnvFile = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "credchain-warn-"));
    writeFileSync(join(dir, ".env"), text);
    return dir;
  };
  const fileText = `AWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`;

  // A checkout's ./.env must not silently outrank the profile the user chose.
  it.each<[string, () => Promise<{ warnings: readonly string[]; source: string }>]>([
    [
      "decideCredentials",
      async () => {
        const d = decideCredentials({
          provider: "bedrock",
          env: { AWS_PROFILE: "work" },
          envFile: inFile,
        });
        return { warnings: d.warnings, source: d.auth.source };
      },
    ],
    [
      "decideAwsCredentials",
      async () => {
        const d = decideAwsCredentials({ env: { AWS_PROFILE: "work" }, envFile: inFile });
        return { warnings: d.warnings, source: d.auth.source };
      },
    ],
    [
      "createChainFromEnv().resolve()",
      async () => {
        const d = await createChainFromEnv({
          env: { AWS_PROFILE: "work" },
          envFile: inFile,
        }).resolve();
        return { warnings: d.warnings, source: d.auth.source };
      },
    ],
    [
      "createAwsChain().resolve()",
      async () => {
        const d = await createAwsChain({ env: { AWS_PROFILE: "work" }, envFile: inFile }).resolve();
        return { warnings: d.warnings, source: d.auth.source };
      },
    ],
    [
      "credchain explain --resolve",
      async () => {
        const run = await runCliInProcess(["explain", "--resolve", "--json"], {
          env: { AWS_PROFILE: "work" },
          cwd: dirWithEnvFile(fileText),
        });
        const json = run.json() as { warnings: string[]; auth: { source: string } };
        return { warnings: json.warnings, source: json.auth.source };
      },
    ],
    [
      "credchain explain --service s3",
      async () => {
        const run = await runCliInProcess(["explain", "--service", "s3", "--json"], {
          env: { AWS_PROFILE: "work" },
          cwd: dirWithEnvFile(fileText),
        });
        const json = run.json() as { warnings: string[]; auth: { source: string } };
        return { warnings: json.warnings, source: json.auth.source };
      },
    ],
  ])(
    "%s warns when a pair in the env file outranks AWS_PROFILE in the environment",
    async (_path, run) => {
      const { warnings, source } = await run();
      expect(source).toBe("env-file");
      expect(warnings.join("\n")).toContain(
        "AWS_PROFILE is set beside AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY in the env file (AWS_PROFILE is in the environment)",
      );
    },
  );

  it("says nothing about a profile when the env file's pair stands alone", () => {
    const d = decideAwsCredentials({ env: {}, envFile: inFile });
    expect(d.warnings.join("\n")).not.toContain("AWS_PROFILE");
  });

  const UNREAD = "USE_SECRETS_MANAGER is neither on (true, 1, yes, y, on, enabled) nor off";
  const maybe = { USE_SECRETS_MANAGER: "maybe", OPENAI_API_KEY: "sk-proj-0123456789abcdefghij" };

  it.each<[string, () => Promise<readonly string[]>]>([
    [
      "decideCredentials",
      async () => decideCredentials({ provider: "openai", env: maybe }).warnings,
    ],
    [
      "createChainFromEnv().resolve()",
      async () =>
        (await createChainFromEnv({ provider: "openai", env: maybe, envFile: false }).resolve())
          .warnings,
    ],
    [
      "credchain explain --resolve",
      async () =>
        (
          (
            await runCliInProcess(["explain", "--provider", "openai", "--resolve", "--json"], {
              env: maybe,
            })
          ).json() as { warnings: string[] }
        ).warnings,
    ],
    [
      "createSecretStore (to its logger)",
      async () => {
        const logger = { warn: vi.fn() };
        createSecretStore({ env: maybe, logger });
        return logger.warn.mock.calls.map((call) => String(call[0]));
      },
    ],
  ])(
    "%s warns on a USE_SECRETS_MANAGER it cannot read, naming every accepted spelling",
    async (_path, run) => {
      expect((await run()).join("\n")).toContain(UNREAD);
    },
  );

  it("names an unreadable USE_SECRETS_MANAGER in SECRET_NOT_FOUND", async () => {
    await expect(
      createSecretStore({ env: { USE_SECRETS_MANAGER: "maybe" } }).get("prod/app"),
    ).rejects.toThrow(/USE_SECRETS_MANAGER is not a value read as on or off/);
  });

  it.each(["off", "N", "disabled", "0", "no", "false"])(
    "reads USE_SECRETS_MANAGER=%s as off, without a warning",
    (value) => {
      const d = decide({ USE_SECRETS_MANAGER: value, AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock" });
      expect(d.trace[1]).toMatchObject({ source: "secrets-manager", outcome: "skipped" });
      expect(d.warnings.join("\n")).not.toContain("USE_SECRETS_MANAGER");
    },
  );
});
