// The OpenAI key from AWS Secrets Manager: USE_SECRETS_MANAGER=true and OPENAI_SECRET_NAME name the
// secret ({"api_key": "sk-…"}); the task role reads it. No OpenAI SDK is needed to follow along: the
// key goes wherever your client takes it (`new OpenAI({ apiKey: key.apiKey })`).
//
//   npx tsx --tsconfig examples/tsconfig.json examples/openai-key-from-secrets-manager.ts
import { llmApiKey } from "credchain";
import { startEmulators } from "./_emulators.js";

const aws = await startEmulators({
  taskRole: true,
  secrets: { "prod/llm/openai": { api_key: "sk-proj-EXAMPLEexampleEXAMPLEexample0001" } },
});
// What the deployment sets.
Object.assign(process.env, { USE_SECRETS_MANAGER: "true", OPENAI_SECRET_NAME: "prod/llm/openai" });

const key = await llmApiKey("openai");
console.log(`OpenAI key from ${key.source} (${key.detail}): ${key.masked}`);
for (const step of key.decision.trace)
  console.log(`  ${step.source}: ${step.outcome} — ${step.reason}`);

// The header an OpenAI request carries; print it masked, send it raw.
const headers = { Authorization: `Bearer ${key.apiKey}` };
console.log(`Authorization: Bearer ${key.masked} (${headers.Authorization.length} characters)`);
console.log(`logged as: ${String(key)}, JSON: ${JSON.stringify(key)}`);

const call = aws.secretsManager.calls.at(-1);
console.log(
  `Secrets Manager ${call?.op} for ${call?.secretIds.join(", ")}, signed by the task role ` +
    `(session token: ${call?.hasSessionToken}) → ${call?.status}`,
);

await aws.close();
