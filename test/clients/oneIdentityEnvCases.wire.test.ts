// Issue 12, the env semantics on the wire: real SDK clients built with credchain's helpers (Polly,
// SESv2, S3, Secrets Manager, and Bedrock Runtime through createChainFromEnv without an admin key)
// sign as the identity the BUILT `credchain explain --service … --resolve` prints — or all refuse
// with the one code it prints — for Docker's literal quotes, AWS_SESSION_TOKEN vs
// AWS_SECURITY_TOKEN, AWS_CREDENTIAL_EXPIRATION / AWS_ACCOUNT_ID / AWS_CREDENTIAL_SCOPE, an sk-… key
// in an AWS variable, a .env written with a BOM, CR-only line ends and `export<TAB>`, and a .env
// pair beside AWS_PROFILE. (oneIdentity.wire.test.ts covers credchain's own reads and the other
// CLI commands.)
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import dotenv from "dotenv";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bedrockClientConfig,
  createAwsChain,
  createChainFromEnv,
  mask,
  pollyClientConfig,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
  sharedAwsChain,
  type AwsClientConfigOptions,
} from "../../src/index.js";
import { assertBinaryBuilt, runCredchain } from "../cli/runCredchain.js";
import { startAwsEmulators, type AwsEmulators } from "../support/startAwsEmulators.js";

const CLIENTS = ["polly", "ses", "s3", "secretsManager", "bedrock"] as const;
const SERVICES = { polly: "polly", ses: "ses", s3: "s3", secretsManager: "secrets-manager" };
type Client = (typeof CLIENTS)[number];
type Service = keyof typeof SERVICES;
const OPENAI_KEY = `sk-proj-${"a1B2c3D4e5".repeat(4)}`;

/** What one client did: signed a request (with the emulator's verdict), or refused before any. */
type Outcome = { signedBy: string | undefined; status: number } | { refused: string };

let aws: AwsEmulators;
const cwd = process.cwd();
beforeAll(async () => {
  assertBinaryBuilt();
  aws = await startAwsEmulators({ secrets: { "prod/app": { A: "1" } } });
});
afterAll(() => aws.close());
beforeEach(() => sharedAwsChain().invalidate());
afterEach(() => {
  process.chdir(cwd);
  sharedAwsChain().invalidate();
});

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : String((error as { name?: unknown } | null)?.name);
};

/** Builds the client (config errors count as refusals) and sends one call; what the emulator saw. */
async function attempt(
  calls: readonly { accessKeyId?: string; status: number }[],
  send: () => Promise<unknown>,
): Promise<Outcome> {
  const before = calls.length;
  try {
    await send();
  } catch (error) {
    if (calls.length === before) return { refused: codeOf(error) };
  }
  const call = calls.at(-1);
  return { signedBy: call?.accessKeyId, status: call?.status ?? 0 };
}

/** The identity-bearing config each helper hands its SDK client. */
function configs(options: AwsClientConfigOptions) {
  return {
    polly: () => pollyClientConfig(options),
    ses: () => sesClientConfig(options),
    s3: () => s3ClientConfig(options),
    secretsManager: () => secretsManagerClientConfig(options),
    bedrock: () =>
      bedrockClientConfig(
        createChainFromEnv(options.envFile === undefined ? {} : { envFile: options.envFile }),
      ),
  };
}

/** One call from each of the five clients, built the documented way. */
async function signAll(options: AwsClientConfigOptions = {}): Promise<Record<Client, Outcome>> {
  const make = configs(options);
  const using = async <C extends { destroy(): void }>(
    client: () => C | Promise<C>,
    call: (c: C) => Promise<unknown>,
  ) => {
    const c = await client();
    try {
      await call(c);
    } finally {
      c.destroy();
    }
  };
  return {
    polly: await attempt(aws.polly.calls, () =>
      using(
        () => new PollyClient(make.polly()),
        (c) =>
          c.send(
            new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" }),
          ),
      ),
    ),
    ses: await attempt(aws.ses.calls, () =>
      using(
        () => new SESv2Client(make.ses()),
        (c) =>
          c.send(
            new SendEmailCommand({
              FromEmailAddress: "shop@example.com",
              Destination: { ToAddresses: ["a@example.org"] },
              Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } },
            }),
          ),
      ),
    ),
    s3: await attempt(aws.s3.calls, () =>
      using(
        () => new S3Client({ ...make.s3(), forcePathStyle: true }),
        (c) =>
          c.send(
            new CreateBucketCommand({ Bucket: `b${Math.random().toString(36).slice(2, 10)}` }),
          ),
      ),
    ),
    secretsManager: await attempt(aws.secretsManager.calls, () =>
      using(
        () => new SecretsManagerClient(make.secretsManager()),
        (c) => c.send(new GetSecretValueCommand({ SecretId: "prod/app" })),
      ),
    ),
    bedrock: await attempt(aws.bedrock.calls, () =>
      using(
        async () => new BedrockRuntimeClient(await make.bedrock()),
        (c) =>
          c.send(
            new ConverseCommand({
              modelId: "amazon.nova-micro-v1:0",
              messages: [{ role: "user", content: [{ text: "hi" }] }],
            }),
          ),
      ),
    ),
  };
}

/** The identity each helper's `credentials` provider yields (what the SDK signs with). */
async function identities(
  options: AwsClientConfigOptions = {},
): Promise<Record<Client, AwsCredentialIdentity>> {
  const make = configs(options);
  const of = async (provider: AwsCredentialIdentityProvider | undefined) => {
    if (provider === undefined) throw new Error("the config has no credentials provider");
    return provider();
  };
  return {
    polly: await of(make.polly().credentials),
    ses: await of(make.ses().credentials),
    s3: await of(make.s3().credentials),
    secretsManager: await of(make.secretsManager().credentials),
    bedrock: await of((await make.bedrock()).credentials),
  };
}

interface Explained {
  code: number | null;
  out: { accessKeyId?: string | undefined; expiration: string | null } | { refused: string };
  warnings: string[];
  stdout: string;
  stderr: string;
}

/** The built binary's `explain --service S --resolve --json` for the four services, side by side. */
async function explainAll(
  env: Record<string, string>,
  options: { cwd?: string; args?: string[] } = {},
): Promise<Record<Service, Explained>> {
  const runs = await Promise.all(
    Object.entries(SERVICES).map(async ([name, service]) => {
      const run = await runCredchain(
        ["explain", "--service", service, "--resolve", "--json", ...(options.args ?? [])],
        { env, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) },
      );
      const json = run.json() as {
        error?: { code: string };
        auth?: { resolved?: { accessKeyId: string; expiration?: string | null } };
        warnings?: string[];
      };
      const explained: Explained = {
        code: run.code,
        out:
          json.error !== undefined
            ? { refused: json.error.code }
            : {
                accessKeyId: json.auth?.resolved?.accessKeyId,
                expiration: json.auth?.resolved?.expiration ?? null,
              },
        warnings: json.warnings ?? [],
        stdout: run.stdout,
        stderr: run.stderr,
      };
      return [name, explained] as const;
    }),
  );
  return Object.fromEntries(runs) as Record<Service, Explained>;
}

const each = <T>(value: T): Record<Client, T> =>
  Object.fromEntries(CLIENTS.map((c) => [c, value])) as Record<Client, T>;
const eachService = <T>(value: T): Record<Service, T> =>
  Object.fromEntries(Object.keys(SERVICES).map((s) => [s, value])) as Record<Service, T>;
const outs = (explained: Record<Service, Explained>) =>
  Object.fromEntries(Object.entries(explained).map(([s, e]) => [s, e.out]));

/** All five clients signed with `accessKeyId` and were accepted; explain printed that key. */
async function expectOneIdentity(
  accessKeyId: string,
  env: Record<string, string>,
  options: { cwd?: string; args?: string[]; envFile?: AwsClientConfigOptions["envFile"] } = {},
): Promise<Record<Service, Explained>> {
  const signed = await signAll(options.envFile === undefined ? {} : { envFile: options.envFile });
  const explained = await explainAll(env, options);
  expect(signed).toEqual(each({ signedBy: accessKeyId, status: 200 }));
  expect(Object.fromEntries(Object.entries(explained).map(([s, e]) => [s, e.code]))).toEqual(
    eachService(0),
  );
  expect(outs(explained)).toEqual(
    eachService({ accessKeyId: mask(accessKeyId, "access-key-id"), expiration: null }),
  );
  return explained;
}

/** Every client refused with `code` before any request, and explain exited 2 with that code. */
async function expectRefusedEverywhere(
  code: string,
  env: Record<string, string>,
  secretValues: readonly string[],
): Promise<void> {
  const signed = await signAll();
  const explained = await explainAll(env);
  expect(signed).toEqual(each({ refused: code }));
  expect(outs(explained)).toEqual(eachService({ refused: code }));
  for (const run of Object.values(explained)) {
    expect(run.code).toBe(2);
    for (const value of secretValues) expect(run.stdout + run.stderr).not.toContain(value);
  }
}

/** Sets the test's environment in this process and returns it for the CLI. */
function useEnv(vars: Record<string, string>): Record<string, string> {
  const env = { ...aws.endpointEnv, AWS_REGION: "us-east-1", ...vars };
  Object.assign(process.env, env);
  return env;
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-identity-env-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("a. literal quotes left by docker run --env-file", () => {
  it.each(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const)(
    "%s wrapped in quotes is ENV_CREDENTIAL_MALFORMED from every client and explain, no request sent",
    async (quoted) => {
      const pair = aws.registry.issueLongTerm();
      const vars = {
        AWS_ACCESS_KEY_ID: pair.accessKeyId,
        AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
      };
      vars[quoted] = `"${vars[quoted]}"`;
      const env = useEnv(vars);
      await expectRefusedEverywhere("ENV_CREDENTIAL_MALFORMED", env, [pair.secretAccessKey]);
    },
  );
});

describe("b. AWS_SESSION_TOKEN and its older spelling AWS_SECURITY_TOKEN", () => {
  it("reads AWS_SECURITY_TOKEN when AWS_SESSION_TOKEN is absent, for every client and explain, and warns", async () => {
    const temp = aws.registry.issueTemporary();
    const env = useEnv({
      AWS_ACCESS_KEY_ID: temp.accessKeyId,
      AWS_SECRET_ACCESS_KEY: temp.secretAccessKey,
      AWS_SECURITY_TOKEN: temp.sessionToken ?? "",
    });
    const explained = await expectOneIdentity(temp.accessKeyId, env);
    for (const run of Object.values(explained)) {
      expect(run.warnings.join("\n")).toContain("AWS_SECURITY_TOKEN in the environment is read as");
    }
  });

  it("takes AWS_SESSION_TOKEN over AWS_SECURITY_TOKEN, as the AWS SDK's env provider reads it", async () => {
    const temp = aws.registry.issueTemporary();
    const stale = aws.registry.issueTemporary();
    const env = useEnv({
      AWS_ACCESS_KEY_ID: temp.accessKeyId,
      AWS_SECRET_ACCESS_KEY: temp.secretAccessKey,
      AWS_SESSION_TOKEN: temp.sessionToken ?? "",
      AWS_SECURITY_TOKEN: stale.sessionToken ?? "", // another session's token: signing with it fails
    });
    await expectOneIdentity(temp.accessKeyId, env);
    // The SDK on its own (no credchain config) signs with the same token and is accepted too.
    const plain = new PollyClient({ region: "us-east-1" });
    try {
      await plain.send(
        new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" }),
      );
    } finally {
      plain.destroy();
    }
    expect(aws.polly.calls.at(-1)).toMatchObject({ accessKeyId: temp.accessKeyId, status: 200 });
  });
});

describe("c. AWS_CREDENTIAL_EXPIRATION, AWS_ACCOUNT_ID, AWS_CREDENTIAL_SCOPE", () => {
  it("keeps a future expiration, the account ID and the scope on every client's identity; explain prints the expiration", async () => {
    const temp = aws.registry.issueTemporary();
    const expiration = temp.expiration ?? new Date(Date.now() + 3_600_000);
    const env = useEnv({
      AWS_ACCESS_KEY_ID: temp.accessKeyId,
      AWS_SECRET_ACCESS_KEY: temp.secretAccessKey,
      AWS_SESSION_TOKEN: temp.sessionToken ?? "",
      AWS_CREDENTIAL_EXPIRATION: expiration.toISOString(),
      AWS_ACCOUNT_ID: "123456789012",
      AWS_CREDENTIAL_SCOPE: "us-east-1",
    });
    const signed = await signAll();
    expect(signed).toEqual(each({ signedBy: temp.accessKeyId, status: 200 }));
    const held = await identities();
    expect(held).toEqual(
      each(
        expect.objectContaining({
          accessKeyId: temp.accessKeyId,
          expiration,
          accountId: "123456789012",
          credentialScope: "us-east-1",
        }),
      ),
    );
    const explained = await explainAll(env);
    expect(outs(explained)).toEqual(
      eachService({
        accessKeyId: mask(temp.accessKeyId, "access-key-id"),
        expiration: expiration.toISOString(),
      }),
    );
  });

  it("refuses a past AWS_CREDENTIAL_EXPIRATION as CREDENTIALS_EXPIRED from every client and explain", async () => {
    const temp = aws.registry.issueTemporary();
    const env = useEnv({
      AWS_ACCESS_KEY_ID: temp.accessKeyId,
      AWS_SECRET_ACCESS_KEY: temp.secretAccessKey,
      AWS_SESSION_TOKEN: temp.sessionToken ?? "",
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() - 60_000).toISOString(),
    });
    await expectRefusedEverywhere("CREDENTIALS_EXPIRED", env, [temp.secretAccessKey]);
  });
});

describe("d. another vendor's key in an AWS variable", () => {
  it("refuses an sk-… AWS_ACCESS_KEY_ID as WRONG_PROVIDER_KEY from every client and explain", async () => {
    const pair = aws.registry.issueLongTerm();
    const env = useEnv({
      AWS_ACCESS_KEY_ID: OPENAI_KEY,
      AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
    });
    await expectRefusedEverywhere("WRONG_PROVIDER_KEY", env, [OPENAI_KEY, pair.secretAccessKey]);
  });

  it("refuses an sk-… AWS_BEARER_TOKEN_BEDROCK for Bedrock and explain; the service clients, which never read it, sign with the pair and warn", async () => {
    // The bearer token is the assistant's (docs/precedence.md, the service identity): the Bedrock
    // client and the assistant's explain refuse it; Polly, SES, S3 and Secrets Manager do not send
    // it anywhere, so they keep the pair, and their decision says what is wrong with the variable.
    const pair = aws.registry.issueLongTerm();
    const env = useEnv({
      AWS_ACCESS_KEY_ID: pair.accessKeyId,
      AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
      AWS_BEARER_TOKEN_BEDROCK: OPENAI_KEY,
    });
    const signed = await signAll();
    const explained = await explainAll(env);
    const assistant = await runCredchain(["explain", "--json"], { env });
    const serviceSigned = { signedBy: pair.accessKeyId, status: 200 };
    expect(signed).toEqual({ ...each(serviceSigned), bedrock: { refused: "WRONG_PROVIDER_KEY" } });
    expect(assistant.code).toBe(2);
    expect(assistant.json()).toMatchObject({ error: { code: "WRONG_PROVIDER_KEY" } });
    expect(outs(explained)).toEqual(
      eachService({ accessKeyId: mask(pair.accessKeyId, "access-key-id"), expiration: null }),
    );
    const warning =
      "AWS_BEARER_TOKEN_BEDROCK (environment) holds what looks like an OpenAI or Anthropic API key (sk-…)";
    expect((await createAwsChain().resolve()).warnings.join("\n")).toContain(warning);
    for (const run of Object.values(explained)) {
      expect(run.warnings.join("\n")).toContain(warning);
      expect(run.stdout + run.stderr + assistant.stdout + assistant.stderr).not.toContain(
        OPENAI_KEY,
      );
    }
  });
});

describe("e. a key pair in .env as editors and shells write it", () => {
  const text = (id: string, secret: string) =>
    `\uFEFFAWS_ACCESS_KEY_ID=${id}\rexport\tAWS_SECRET_ACCESS_KEY=${secret}\r# end\r`;

  it("reads ./.env with a BOM, CR-only line ends and export<TAB> for every client and explain", async () => {
    const pair = aws.registry.issueLongTerm();
    const dir = tempDir({ ".env": text(pair.accessKeyId, pair.secretAccessKey) });
    const env = useEnv({});
    process.chdir(dir);
    sharedAwsChain().invalidate();
    await expectOneIdentity(pair.accessKeyId, env, { cwd: dir });
  });

  it("reads the same file given as the envFile path (explain: --env-path)", async () => {
    const pair = aws.registry.issueLongTerm();
    const dir = tempDir({ "prod.env": text(pair.accessKeyId, pair.secretAccessKey) });
    const env = useEnv({});
    const path = join(dir, "prod.env");
    await expectOneIdentity(pair.accessKeyId, env, { envFile: path, args: ["--env-path", path] });
  });

  it("reads the same file given as a record parsed by dotenv (explain: --env-path)", async () => {
    const pair = aws.registry.issueLongTerm();
    const dir = tempDir({ "prod.env": text(pair.accessKeyId, pair.secretAccessKey) });
    const env = useEnv({});
    const path = join(dir, "prod.env");
    const envFile = dotenv.parse(text(pair.accessKeyId, pair.secretAccessKey));
    await expectOneIdentity(pair.accessKeyId, env, { envFile, args: ["--env-path", path] });
  });
});

describe("f. a .env pair beside AWS_PROFILE", () => {
  it.each(["the environment", "the env file"] as const)(
    "the .env pair signs every client and explain when AWS_PROFILE is in %s, and the decision and explain warn",
    async (where) => {
      const pair = aws.registry.issueLongTerm();
      const profileKey = aws.registry.issueLongTerm();
      const profileLine = "AWS_PROFILE=other\n";
      const dir = tempDir({
        ".env": `${where === "the env file" ? profileLine : ""}AWS_ACCESS_KEY_ID=${pair.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${pair.secretAccessKey}\n`,
        "aws/credentials": `[other]\naws_access_key_id = ${profileKey.accessKeyId}\naws_secret_access_key = ${profileKey.secretAccessKey}\n`,
      });
      const env = useEnv({
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "aws/credentials"),
        ...(where === "the environment" ? { AWS_PROFILE: "other" } : {}),
      });
      process.chdir(dir);
      sharedAwsChain().invalidate();
      const explained = await expectOneIdentity(pair.accessKeyId, env, { cwd: dir });
      const warning = `AWS_PROFILE is set beside AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY in the env file (AWS_PROFILE is in ${where})`;
      expect((await createAwsChain().resolve()).warnings.join("\n")).toContain(warning);
      expect((await createChainFromEnv().resolve()).warnings.join("\n")).toContain(warning);
      for (const run of Object.values(explained))
        expect(run.warnings.join("\n")).toContain(warning);
      const text = await runCredchain(["explain", "--service", "s3"], { env, cwd: dir });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`warnings:\n  - ${warning}`);
    },
  );
});
