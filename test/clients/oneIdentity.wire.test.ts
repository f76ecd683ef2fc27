// Issue 12, done when: real SDK clients (SESv2, Polly, S3, Secrets Manager, Bedrock Runtime) built
// with credchain's helpers, credchain's own Secrets Manager and Parameter Store reads (the secret
// store, loadIntoEnv, loadSecretsForProvider, llmApiKey, the chain's secrets-manager step) and the
// CLI's AWS calls (doctor --secret/--sts, secrets get) all sign with one access key ID — the one
// `explain --service … --resolve` prints — with a profile beside the env pair, a trailing newline
// on the secret, keys only in ./.env, and a whitespace-only pair.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  bedrockClientConfig,
  createAwsChain,
  createChainFromEnv,
  createSecretStore,
  llmApiKey,
  loadIntoEnv,
  loadSecretsForProvider,
  mask,
  pollyClientConfig,
  secretsManagerCredentialStore,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
  sharedAwsChain,
} from "../../src/index.js";
import { runCliInProcess } from "../cli/runCliInProcess.js";
import { startAwsEmulators, type AwsEmulators } from "../support/startAwsEmulators.js";

const OPENAI_KEY = `sk-proj-${"a1B2c3D4e5".repeat(4)}`;
let aws: AwsEmulators;
const cwd = process.cwd();
beforeAll(async () => {
  aws = await startAwsEmulators({
    secrets: {
      "prod/app": { A: "1" },
      "prod/openai": { api_key: OPENAI_KEY },
      "prod/bedrock": {
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
    },
    parameters: { "/app/flag": "on" },
  });
});
afterAll(() => aws.close());
afterEach(() => {
  process.chdir(cwd);
  sharedAwsChain().invalidate();
});

/** One call from each client, built the documented way; the signer each emulator saw. */
async function signers(): Promise<Record<string, string | undefined>> {
  const destroy: { destroy(): void }[] = [];
  const keep = <T extends { destroy(): void }>(c: T) => (destroy.push(c), c);
  try {
    await keep(new PollyClient(pollyClientConfig())).send(
      new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" }),
    );
    await keep(new SESv2Client(sesClientConfig())).send(
      new SendEmailCommand({
        FromEmailAddress: "shop@example.com",
        Destination: { ToAddresses: ["a@example.org"] },
        Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } },
      }),
    );
    await keep(new S3Client({ ...s3ClientConfig(), forcePathStyle: true })).send(
      new CreateBucketCommand({ Bucket: `b${Math.random().toString(36).slice(2, 10)}` }),
    );
    await keep(new SecretsManagerClient(secretsManagerClientConfig())).send(
      new GetSecretValueCommand({ SecretId: "prod/app" }),
    );
    await keep(new BedrockRuntimeClient(await bedrockClientConfig(createChainFromEnv()))).send(
      new ConverseCommand({
        modelId: "amazon.nova-micro-v1:0",
        messages: [{ role: "user", content: [{ text: "hi" }] }],
      }),
    );
  } finally {
    for (const c of destroy) c.destroy();
  }
  return {
    polly: aws.polly.calls.at(-1)?.accessKeyId,
    ses: aws.ses.calls.at(-1)?.accessKeyId,
    s3: aws.s3.calls.at(-1)?.accessKeyId,
    secretsManager: aws.secretsManager.calls.at(-1)?.accessKeyId,
    bedrock: aws.bedrock.calls.at(-1)?.accessKeyId,
  };
}

interface Signed {
  accessKeyId: string | undefined;
  status: number;
}

const lastCall = (calls: readonly { accessKeyId?: string; status: number }[]): Signed => {
  const call = calls.at(-1);
  return { accessKeyId: call?.accessKeyId, status: call?.status ?? 0 };
};

/**
 * credchain's own reads, each through a public entry point that builds its client itself: the
 * request each one made, as the emulator saw it. The variables that turn Secrets Manager on live
 * in a copy of the environment, so the Bedrock client of signers() is not pointed at a secret.
 */
async function ownReads(): Promise<Record<string, Signed>> {
  const withSecrets = () => ({
    ...process.env,
    USE_SECRETS_MANAGER: "true",
    OPENAI_SECRET_NAME: "prod/openai",
    AWS_BEDROCK_SECRET_NAME: "prod/bedrock",
  });
  const seen: Record<string, Signed> = {};
  const store = createSecretStore({ useSecretsManager: true });
  await store.get("prod/app");
  seen.secretStore = lastCall(aws.secretsManager.calls);
  await store.get("ssm:/app/flag");
  seen.parameterStore = lastCall(aws.ssm.calls);
  await loadIntoEnv({ secretId: "prod/app", env: withSecrets() });
  seen.loadIntoEnv = lastCall(aws.secretsManager.calls);
  await loadSecretsForProvider({ provider: "openai", env: withSecrets() });
  seen.loadSecretsForProvider = lastCall(aws.secretsManager.calls);
  expect((await llmApiKey("openai", { env: withSecrets() })).source).toBe("secrets-manager");
  seen.llmApiKey = lastCall(aws.secretsManager.calls);
  expect((await createChainFromEnv({ env: withSecrets() }).resolve()).auth.source).toBe(
    "secrets-manager",
  );
  seen.chainSecretsManagerStep = lastCall(aws.secretsManager.calls);
  await secretsManagerCredentialStore({ prefix: "tenants/" }).list("acme");
  seen.tenantStore = lastCall(aws.secretsManager.calls);
  return seen;
}

/**
 * The CLI over the same environment and working directory: what `explain --service … --resolve`
 * prints, and the signer of each AWS call its other commands make.
 */
async function cliRuns(
  env: Record<string, string>,
  cwd?: string,
): Promise<{ explained: Record<string, string | undefined>; signed: Record<string, Signed> }> {
  const opts = { env, ...(cwd === undefined ? {} : { cwd }) };
  const explained: Record<string, string | undefined> = {};
  for (const service of ["polly", "ses", "s3", "secrets-manager"]) {
    const run = await runCliInProcess(
      ["explain", "--service", service, "--resolve", "--json"],
      opts,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    explained[service] = (run.json() as { auth: { resolved?: { accessKeyId: string } } }).auth
      .resolved?.accessKeyId;
  }
  const signed: Record<string, Signed> = {};
  const doctor = await runCliInProcess(["doctor", "--secret", "prod/app", "--sts", "--json"], opts);
  expect(doctor.code).toBe(0);
  signed.doctorSecret = lastCall(aws.secretsManager.calls);
  signed.doctorSts = lastCall(aws.sts.calls);
  const get = await runCliInProcess(["secrets", "get", "prod/app", "--json"], opts);
  expect(get.code).toBe(0);
  signed.secretsGet = lastCall(aws.secretsManager.calls);
  return { explained, signed };
}

/** Every request signed by `accessKeyId` and accepted; the CLI's explain printed that same key. */
async function expectOneIdentity(
  accessKeyId: string,
  env: Record<string, string>,
  cwd?: string,
): Promise<void> {
  const clients = await signers();
  const own = await ownReads();
  const cli = await cliRuns(env, cwd);
  const everyRequest = { ...own, ...cli.signed };
  expect(new Set(Object.values(clients))).toEqual(new Set([accessKeyId]));
  expect(Object.values(everyRequest).map((s) => s.accessKeyId)).toEqual(
    Object.values(everyRequest).map(() => accessKeyId),
  );
  expect(Object.entries(everyRequest).filter(([, s]) => s.status !== 200)).toEqual([]);
  expect(new Set(Object.values(cli.explained))).toEqual(
    new Set([mask(accessKeyId, "access-key-id")]),
  );
}

function home(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "credchain-identity-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("one identity per process", () => {
  it("signs every client, own read and CLI call with the env pair when AWS_PROFILE names another key, and says so", async () => {
    // Prepare: the profile's key is valid too, so only the recorded signer tells them apart.
    const pair = aws.registry.issueLongTerm();
    const profileKey = aws.registry.issueLongTerm();
    const dir = home({
      ".aws/credentials": `[other]\naws_access_key_id = ${profileKey.accessKeyId}\naws_secret_access_key = ${profileKey.secretAccessKey}\n`,
    });
    const env = {
      ...aws.endpointEnv,
      ...aws.ssm.env,
      AWS_ACCESS_KEY_ID: pair.accessKeyId,
      AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
      AWS_PROFILE: "other",
      AWS_SHARED_CREDENTIALS_FILE: join(dir, ".aws/credentials"),
      AWS_REGION: "us-east-1",
    };
    Object.assign(process.env, env);

    // Act + Assess
    await expectOneIdentity(pair.accessKeyId, env);
    const explained = await createAwsChain().resolve();
    expect(explained.warnings.join("\n")).toContain("AWS_PROFILE is set beside");
  });

  it("signs every client, own read and CLI call with the trimmed secret when the env value ends in a newline", async () => {
    const pair = aws.registry.issueLongTerm();
    const env = {
      ...aws.endpointEnv,
      ...aws.ssm.env,
      AWS_ACCESS_KEY_ID: pair.accessKeyId,
      AWS_SECRET_ACCESS_KEY: `${pair.secretAccessKey}\n`,
      AWS_REGION: "us-east-1",
    };
    Object.assign(process.env, env);
    await expectOneIdentity(pair.accessKeyId, env);
    for (const emulator of [aws.polly, aws.ses, aws.s3, aws.bedrock]) {
      expect(emulator.calls.at(-1)?.status).toBe(200);
    }
  });

  it("signs every client, own read and CLI call with keys that are only in ./.env", async () => {
    const pair = aws.registry.issueLongTerm();
    const dir = home({
      ".env": `AWS_ACCESS_KEY_ID=${pair.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${pair.secretAccessKey}\n`,
    });
    const env = { ...aws.endpointEnv, ...aws.ssm.env, AWS_REGION: "us-east-1" };
    Object.assign(process.env, env);
    process.chdir(dir);
    sharedAwsChain().invalidate(); // the shared chain read ./.env of the earlier working directory
    await expectOneIdentity(pair.accessKeyId, env, dir);
    expect((await createAwsChain().resolve()).auth.source).toBe("env-file");
  });

  it("treats a whitespace-only env pair as absent for every client, own read and CLI call: the task role signs", async () => {
    const env = {
      ...aws.env,
      ...aws.ssm.env,
      AWS_ACCESS_KEY_ID: "   ",
      AWS_SECRET_ACCESS_KEY: "  ",
      AWS_REGION: "us-east-1",
    };
    Object.assign(process.env, env);
    await expectOneIdentity(aws.container.current.accessKeyId, env);
  });

  it("reports a quoted env key as ENV_CREDENTIAL_MALFORMED from every client and own read, before any request", async () => {
    const pair = aws.registry.issueLongTerm();
    Object.assign(process.env, aws.endpointEnv, {
      AWS_ACCESS_KEY_ID: `"${pair.accessKeyId}"`, // as docker run --env-file leaves it
      AWS_SECRET_ACCESS_KEY: pair.secretAccessKey,
      AWS_REGION: "us-east-1",
    });
    const before = aws.secretsManager.calls.length;
    const malformed = expect.objectContaining({
      code: "ENV_CREDENTIAL_MALFORMED",
      message: expect.stringContaining(
        "AWS_ACCESS_KEY_ID (environment) is wrapped in literal quotes",
      ),
    });
    const polly = new PollyClient(pollyClientConfig());
    try {
      await expect(
        polly.send(
          new SynthesizeSpeechCommand({ Text: "hi", VoiceId: "Joanna", OutputFormat: "mp3" }),
        ),
      ).rejects.toThrow(malformed);
    } finally {
      polly.destroy();
    }
    await expect(createSecretStore({ useSecretsManager: true }).get("prod/app")).rejects.toThrow(
      malformed,
    );
    await expect(loadIntoEnv({ secretId: "prod/app", env: { ...process.env } })).rejects.toThrow(
      malformed,
    );
    expect(aws.secretsManager.calls.length).toBe(before);
  });
});
