// The walkthrough behind `npm run demo`: the scenarios of docs/precedence.md, each
// resolved by the standard chain, printed with its trace, then used for one real, signed Bedrock
// Converse call to a loopback emulator that verifies the signature.
import { existsSync } from "node:fs";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import {
  bedrockClientConfig,
  createAwsChain,
  createChainFromEnv,
  pollyClientConfig,
  isCredchainError,
  localSecretVariable,
  type CredchainErrorCode,
  type CredentialDecision,
} from "credchain";
import { describeCall, EMULATOR_BEDROCK_API_KEYS, startEmulators } from "../_emulators.js";
import {
  bad,
  decisionTable,
  dim,
  good,
  heading,
  showAdminKey,
  showEnv,
  table,
  traceTable,
} from "./print.js";

const started = performance.now();
// The SDK's notice that its 2027 releases need Node 22 is not what this demo is about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const aws = await startEmulators({ taskRole: true, containerAuthToken: "ecs-task-auth-token" });
const base = { ...process.env };
const { accessKeyId: KEY_ID, secretAccessKey: SECRET } = aws.registry.list()[0]!; // the AWS docs example pair
const smKeys = aws.registry.issueLongTerm({
  arn: "arn:aws:iam::123456789012:user/bedrock-from-secrets-manager",
});
const localKeys = aws.registry.issueLongTerm({
  arn: "arn:aws:iam::123456789012:user/bedrock-local-dev",
});
aws.secretsManager.setSecret("prod/aws/bedrock", {
  access_key_id: smKeys.accessKeyId,
  secret_access_key: smKeys.secretAccessKey,
  region: "eu-central-1",
});
const tempKeys = aws.registry.issueTemporary({ durationMs: 3_600_000 });
const MODEL = "anthropic.claude-3-5-sonnet-20241022-v2:0";

interface Scenario {
  title: string;
  adminKey?: string;
  adminRegion?: string;
  env: Record<string, string>;
  /** Who must sign the Converse call, or the error code the scenario must end in. */
  expect:
    { signer: string; sessionToken: boolean } | { bearer: string } | { error: CredchainErrorCode };
  /** Also send the call from a client configured the naive way, to show what the pin prevents. */
  contrastWithoutPin?: boolean;
}

const scenarios: Scenario[] = [
  {
    title: "1. Admin panel key ACCESS_KEY_ID:SECRET_ACCESS_KEY",
    adminKey: `${KEY_ID}:${SECRET}`,
    adminRegion: "us-east-1",
    // Docker --env-file with other (temporary) keys: the admin key still wins for the assistant,
    // alone; the env's session token is never attached to it.
    env: {
      AWS_ACCESS_KEY_ID: tempKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: tempKeys.secretAccessKey,
      AWS_SESSION_TOKEN: tempKeys.sessionToken!,
      AWS_REGION: "eu-west-1",
      BEDROCK_MODEL_ID: MODEL,
    },
    expect: { signer: KEY_ID, sessionToken: false },
  },
  {
    title: "2. Admin panel holds only the secret; AWS_ACCESS_KEY_ID from env",
    adminKey: SECRET,
    env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_REGION: "eu-west-1", BEDROCK_MODEL_ID: MODEL },
    expect: { signer: KEY_ID, sessionToken: false },
  },
  {
    title: "3. Admin key blank, keys in the environment (docker run --env-file)",
    env: {
      AWS_ACCESS_KEY_ID: localKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localKeys.secretAccessKey,
      AWS_REGION: "us-east-2",
    },
    expect: { signer: localKeys.accessKeyId, sessionToken: false },
  },
  {
    title: "4. Secrets Manager JSON secret (USE_SECRETS_MANAGER=true)",
    env: {
      USE_SECRETS_MANAGER: "true",
      AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
      AWS_REGION: "us-east-1",
    },
    expect: { signer: smKeys.accessKeyId, sessionToken: false },
  },
  {
    title: "5. Local SECRET_* variable (local development)",
    env: {
      AWS_BEDROCK_SECRET_NAME: "dev/aws/bedrock",
      [localSecretVariable("dev/aws/bedrock")]: JSON.stringify({
        accessKeyId: localKeys.accessKeyId,
        secretAccessKey: localKeys.secretAccessKey,
      }),
    },
    expect: { signer: localKeys.accessKeyId, sessionToken: false },
  },
  {
    title: "6. IAM role from the ECS container endpoint (admin key left blank)",
    env: { AWS_REGION: "us-west-2", BEDROCK_MODEL_ID: "amazon.nova-micro-v1:0" },
    expect: { signer: "task role", sessionToken: true },
  },
  {
    title: "7. Admin panel holds a Bedrock API key",
    adminKey: EMULATOR_BEDROCK_API_KEYS[1],
    env: { AWS_REGION: "us-east-1" },
    expect: { bearer: EMULATOR_BEDROCK_API_KEYS[1]! },
  },
  {
    title: "8. AWS_BEARER_TOKEN_BEDROCK left in the environment, admin pair in the panel",
    adminKey: `${KEY_ID}:${SECRET}`,
    env: { AWS_BEARER_TOKEN_BEDROCK: EMULATOR_BEDROCK_API_KEYS[0]! },
    expect: { signer: KEY_ID, sessionToken: false },
    contrastWithoutPin: true,
  },
  {
    title: "9. Error: the pair pasted the wrong way round (SECRET:ACCESS_KEY_ID)",
    adminKey: `${SECRET}:${KEY_ID}`,
    env: {},
    expect: { error: "ADMIN_KEY_SWAPPED" },
  },
];

function useEnvironment(env: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (!(name in base)) delete process.env[name];
  Object.assign(process.env, base, env);
}

async function converse(client: BedrockRuntimeClient, modelId: string): Promise<string> {
  const response = await client.send(
    new ConverseCommand({
      modelId,
      messages: [{ role: "user", content: [{ text: "Say hello." }] }],
    }),
  );
  return response.output?.message?.content?.[0]?.text ?? "";
}

let failures = 0;
function check(ok: boolean, what: string): void {
  if (!ok) failures += 1;
  console.log(`  ${ok ? good("✓") : bad("✗")} ${what}`);
}

console.log(heading("credchain demo — which credentials does this Bedrock call use, and why?"));
console.log(
  dim(
    `  Loopback AWS emulators on 127.0.0.1 verify every SigV4 signature; nothing leaves this machine.`,
  ),
);

for (const scenario of scenarios) {
  useEnvironment(scenario.env);
  console.log(heading(scenario.title));
  const [firstEnv, ...moreEnv] = showEnv(scenario.env);
  console.log(
    table([
      ["admin key", showAdminKey(scenario.adminKey)],
      ...(scenario.adminRegion === undefined ? [] : [["admin region", scenario.adminRegion]]),
      ["env", firstEnv!],
      ...moreEnv.map((line) => ["", line]),
      [
        "./.env",
        existsSync(".env") ? "present (read after env)" : "(none in the working directory)",
      ],
      ["defaults", `modelId ${MODEL} (createChainFromEnv's defaults)`],
    ]),
  );
  const chain = createChainFromEnv({
    provider: "bedrock",
    adminKey: { key: scenario.adminKey, region: scenario.adminRegion },
    defaults: { modelId: MODEL },
  });
  let decision: CredentialDecision;
  try {
    decision = await chain.resolve();
  } catch (error) {
    if (!isCredchainError(error)) throw error;
    console.log(
      `\n${table([
        ["error", error.code],
        ["message", error.message],
        ["hint", error.hint],
      ])}`,
    );
    check(
      "error" in scenario.expect && error.code === scenario.expect.error,
      `fails with ${error.code}, no call made`,
    );
    continue;
  }
  console.log(`\n${decisionTable(decision)}\n\n  ${dim("trace")}\n${traceTable(decision.trace)}`);
  for (const warning of decision.warnings) console.log(`  ${dim("warning")} ${warning}`);

  const config = await bedrockClientConfig(chain);
  const reply = await converse(new BedrockRuntimeClient(config), decision.modelId!.value);
  const call = aws.bedrock.calls.at(-1);
  console.log(`\n  ${dim("Converse →")} ${reply}\n  ${dim("emulator →")} ${describeCall(call)}`);

  const expected = scenario.expect;
  if ("bearer" in expected) {
    check(
      call?.auth === "bearer" && call.bearerToken === expected.bearer && call.status === 200,
      "sent as Authorization: Bearer",
    );
  } else if ("signer" in expected) {
    const signer =
      expected.signer === "task role" ? aws.container.current.accessKeyId : expected.signer;
    check(
      call?.auth === "sigv4" &&
        call.accessKeyId === signer &&
        call.hasSessionToken === expected.sessionToken &&
        call.status === 200,
      `signed by the ${decision.auth.source} credentials${expected.sessionToken ? " with their session token" : ", no session token"}`,
    );
  } else {
    check(false, `expected ${expected.error}, but the chain resolved`);
  }
  await showServiceIdentity(scenario.env);
  if (scenario.contrastWithoutPin === true) {
    // What happens with the usual `{ region, credentials }` and no authSchemePreference.
    const { authSchemePreference: _pinned, ...naive } = config;
    await converse(new BedrockRuntimeClient(naive), MODEL);
    const naiveCall = aws.bedrock.calls.at(-1);
    console.log(`  ${dim("without authSchemePreference →")} ${describeCall(naiveCall)}`);
    check(
      naiveCall?.auth === "bearer",
      "bedrockClientConfig's sigv4 pin is what keeps the env bearer token out",
    );
  }
}

/**
 * The other AWS clients of the same service (Polly, SES, S3, Secrets Manager) sign as the service
 * identity: no admin key, no bearer token — the env pair, else ./.env (the same file rule as the
 * chain above), else the default chain.
 */
async function showServiceIdentity(env: Record<string, string>): Promise<void> {
  const service = createAwsChain();
  const decision = await service.resolve();
  console.log(`\n  ${dim("service identity (Polly, SES, S3, Secrets Manager)")}`);
  console.log(traceTable(decision.trace));
  await new PollyClient(pollyClientConfig({ chain: service })).send(
    new SynthesizeSpeechCommand({
      Text: "Your order has shipped",
      VoiceId: "Joanna",
      OutputFormat: "mp3",
    }),
  );
  const call = aws.polly.calls.at(-1);
  console.log(`  ${dim("Polly →")} ${describeCall(call)}`);
  const pair = env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined;
  const signer = pair ? env.AWS_ACCESS_KEY_ID : aws.container.current.accessKeyId;
  check(
    call?.auth === "sigv4" && call.accessKeyId === signer && call.status === 200,
    `Polly signed by the service identity (${pair ? "the env pair" : "the task role"})`,
  );
}

await aws.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  heading(
    failures === 0
      ? good(`All ${scenarios.length} scenarios behaved as described (${seconds}s)`)
      : bad(`${failures} check(s) failed`),
  ),
);
console.log(
  dim(
    "  Try: npx tsx --tsconfig examples/tsconfig.json examples/bedrock-converse-admin-key.ts (and the other examples/)\n",
  ),
);
process.exitCode = failures === 0 ? 0 : 1;
