import { describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS, runExample } from "./runExample.js";

const TIMEOUT = 60_000;

describe.concurrent("examples/ run offline against the emulators", () => {
  it.each<[string, (string | RegExp)[]]>([
    [
      "bedrock-converse-admin-key.ts",
      [
        "CredentialDecision(bedrock: aws-static from admin [pair])",
        "reply: emulated reply from anthropic.claude-3-5-sonnet-20241022-v2:0",
        "Converse accepted: SigV4 signature verified, key AKIA…MPLE, no session token, region eu-west-1",
      ],
    ],
    [
      "bedrock-converse-iam-role.ts",
      [
        "CredentialDecision(bedrock: aws-default-chain from default-chain)",
        /default-chain: chosen — the AWS SDK default chain resolved ASIA…/,
        /Converse accepted: SigV4 signature verified, key ASIA…\w{4}, with a session token, region us-west-2/,
      ],
    ],
    [
      "bedrock-short-term-key.ts",
      [
        /task role key …\S{4}, expires \d{4}-\d\d-\d\dT/,
        "reply: emulated reply from amazon.nova-micro-v1:0",
        /Converse accepted: short-term key minted by ASIA…\w{4} \(with a session token\) for us-east-1, valid until \d{4}-/,
        "Converse accepted: short-term key minted by AKIA…MPLE (no session token) for us-east-1",
        "refused: UnrecognizedClientException",
        /Converse refused \(403 UnrecognizedClientException\): key minted by ASIA…\w{4} \(with a session token\) for eu-west-1/,
      ],
    ],
    [
      "polly.ts",
      [
        "region: us-east-1",
        "  env: skipped\n  env-file: skipped\n  default-chain: chosen",
        /audio: \d+ bytes of audio\/mpeg/,
        /SynthesizeSpeech accepted: SigV4 signature verified, key ASIA…\w{4}, with a session token/,
      ],
    ],
    [
      "ses.ts",
      [
        /sent: \S+/,
        /SendEmail accepted: SigV4 signature verified, key ASIA…\w{4}, with a session token, region eu-west-1/,
      ],
    ],
    [
      "openai-key-from-secrets-manager.ts",
      [
        "OpenAI key from secrets-manager (prod/llm/openai): …0001",
        "secrets-manager: chosen",
        "Authorization: Bearer …0001",
        "Secrets Manager GetSecretValue for prod/llm/openai, signed by the task role (session token: true) → 200",
      ],
    ],
    [
      "parameter-store.ts",
      [
        "OpenAI key from secrets-manager (ssm:/prod/llm/openai): …0001",
        "set from the parameter: JWT_SECRET, FEATURE_FLAGS",
        "lookup: source parameter-store, version 1, keys JWT_SECRET, FEATURE_FLAGS",
        "50 concurrent lookups → 1 GetParameter call",
        "Parameter Store GetParameter /prod/app/config: decrypted true, signed by the task role (session token: true) in eu-west-1 → 200",
      ],
    ],
    [
      "rotation.ts",
      [
        /rotated: (AKIA…\w{4}) → AKIA…\w{4}, old key revoked/,
        /"error":"UnrecognizedClientException".*"outcome":"recovered"/,
        "reply: emulated reply from amazon.nova-micro-v1:0",
        /Converse signed with (AKIA…\w{4}) → 200 OK\n {2}Converse signed with \1 → 403 UnrecognizedClientException\n {2}Converse signed with AKIA…\w{4} → 200 OK/,
        'plugin: {"recovered":1,"sameIdentity":0,"failedAgain":0,"notRetried":0,"recoveryFailed":0}',
        "rotated: …0001 → …0002",
        '{"provider":"openai","refused":"…0001","now":"…0002"}',
        "ChatCompletions with …0001 → 200\n  ChatCompletions with …0001 → 401\n  ChatCompletions with …0002 → 200",
      ],
    ],
    [
      "startup-load-into-env.ts",
      [
        "set from the secret: JWT_SECRET, DATABASE_URL, AWS_REGION",
        "kept (already set): PORT",
        "config: region eu-north-1, port 3000, database db.internal:5432",
        "CredentialDecision(bedrock: aws-default-chain from default-chain) in eu-north-1 (env:AWS_REGION)",
      ],
    ],
  ])(
    "%s prints what it did and exits 0",
    async (file, expected) => {
      const run = await runExample(file);

      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      for (const line of expected) {
        if (typeof line === "string") expect(run.stdout).toContain(line);
        else expect(run.stdout).toMatch(line);
      }
      for (const secret of EXAMPLE_SECRETS) expect(run.stdout).not.toContain(secret);
    },
    TIMEOUT,
  );
});
