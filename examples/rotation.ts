// Rotation without downtime (docs/rotation.md). Two keys are rotated while the clients that use them
// keep running, and neither client is rebuilt:
//
// 1. A Bedrock key pair held in Secrets Manager: the secret gets a new pair and the old key is
//    revoked. The Bedrock client's next request is refused; refreshOnAuthFailure reads the secret
//    again and retries the request, signed with the new key. The caller sees no error.
// 2. An OpenAI key held in Secrets Manager, used through the openai SDK with `fetch: llmFetch(…)`:
//    the secret gets a new key and the endpoint accepts only that one. The 401 is retried with the
//    key the secret holds now.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/rotation.ts
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import {
  bedrockClientConfig,
  createChainFromEnv,
  llmFetch,
  mask,
  refreshOnAuthFailure,
  type Logger,
} from "credchain";
import OpenAI from "openai";
import { startLlmEmulator } from "../test/support/startLlmEmulator.js";
import { describeCall, startEmulators } from "./_emulators.js";

// A logger that prints what credchain tells it: names, codes and masked keys, never a value.
const logger: Logger = {
  warn: (message, details) => console.log(`  [warn] ${message} ${JSON.stringify(details)}`),
  error: (message, details) => console.log(`  [error] ${message} ${JSON.stringify(details)}`),
};

const aws = await startEmulators({ taskRole: true });
const firstPair = aws.registry.issueLongTerm();
const pair = (key: typeof firstPair) => ({
  access_key_id: key.accessKeyId,
  secret_access_key: key.secretAccessKey,
});
aws.secretsManager.setSecret("prod/aws/bedrock", pair(firstPair));
// What the deployment sets: the Bedrock key pair lives in Secrets Manager, read with the task role.
Object.assign(process.env, {
  USE_SECRETS_MANAGER: "true",
  AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
  AWS_REGION: "us-east-1",
});

console.log("1. Bedrock key pair in Secrets Manager, rotated under a running client");
const chain = createChainFromEnv({ envFile: false });
const config = await bedrockClientConfig(chain);
const bedrock = new BedrockRuntimeClient(config);
const plugin = refreshOnAuthFailure(config.chain!, { logger });
bedrock.middlewareStack.use(plugin);
const converse = () =>
  bedrock.send(
    new ConverseCommand({
      modelId: "amazon.nova-micro-v1:0",
      messages: [{ role: "user", content: [{ text: "ping" }] }],
    }),
  );

await converse();
console.log(`  before: ${describeCall(aws.bedrock.calls.at(-1))}`);

// The rotation, done elsewhere (a rotation Lambda, an operator): new pair in, old key revoked.
const nextPair = aws.registry.issueLongTerm();
aws.secretsManager.setSecret("prod/aws/bedrock", pair(nextPair));
aws.registry.revoke(firstPair.accessKeyId);
console.log(
  `  rotated: ${mask(firstPair.accessKeyId, "access-key-id")} → ${mask(nextPair.accessKeyId, "access-key-id")}, old key revoked`,
);

const reply = await converse();
console.log(`  reply: ${reply.output?.message?.content?.[0]?.text}`);
for (const call of aws.bedrock.calls) {
  const key = mask(call.accessKeyId ?? "", "access-key-id");
  console.log(`  ${call.op} signed with ${key} → ${call.status} ${call.errorCode ?? "OK"}`);
}
console.log(`  plugin: ${JSON.stringify(plugin.stats())}`);
bedrock.destroy();

console.log("2. OpenAI key in Secrets Manager, rotated under a running openai client");
const firstKey = "sk-proj-EXAMPLEexampleEXAMPLEexample0001";
const nextKey = "sk-proj-EXAMPLEexampleEXAMPLEexample0002";
const llm = await startLlmEmulator({ apiKey: firstKey });
aws.secretsManager.setSecret("prod/llm/openai", { api_key: firstKey });
process.env.OPENAI_SECRET_NAME = "prod/llm/openai";

const openai = new OpenAI({
  apiKey: "set-by-credchain", // llmFetch replaces it with the key the secret holds
  baseURL: llm.url,
  fetch: llmFetch("openai", { envFile: false, logger }),
});
const ask = () =>
  openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "ping" }],
  });

await ask();
aws.secretsManager.setSecret("prod/llm/openai", { api_key: nextKey });
llm.rotateKey(nextKey); // the old key now answers 401 invalid_api_key
console.log(`  rotated: ${mask(firstKey, "api-key")} → ${mask(nextKey, "api-key")}`);

const answer = await ask();
console.log(`  reply: ${answer.choices[0]?.message.content}`);
for (const call of llm.calls) {
  console.log(`  ${call.op} with ${mask(call.apiKey ?? "", "api-key")} → ${call.status}`);
}

await llm.close();
await aws.close();
