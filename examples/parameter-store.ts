// Keys and configuration kept in SSM Parameter Store SecureStrings instead of Secrets Manager: an
// `ssm:/path` name works wherever credchain takes a secret name (OPENAI_SECRET_NAME, loadIntoEnv,
// createSecretStore), decrypted, cached and single-flight like a secret. The task role reads it.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/parameter-store.ts
import { createSecretStore, llmApiKey, loadIntoEnv } from "credchain";
import { startEmulators } from "./_emulators.js";

const aws = await startEmulators({
  taskRole: true,
  parameters: {
    "/prod/llm/openai": {
      value: JSON.stringify({ api_key: "sk-proj-EXAMPLEexampleEXAMPLEexample0001" }),
      type: "SecureString",
    },
    "/prod/app/config": {
      value: JSON.stringify({ JWT_SECRET: "example-jwt-secret-0123456789", FEATURE_FLAGS: "beta" }),
      type: "SecureString",
    },
  },
});
// What the deployment sets: the same switch as for Secrets Manager, parameters in AWS_REGION.
Object.assign(process.env, {
  USE_SECRETS_MANAGER: "true",
  AWS_REGION: "eu-west-1",
  OPENAI_SECRET_NAME: "ssm:/prod/llm/openai",
});

// 1. An API key: the provider's secret name points at a parameter.
const key = await llmApiKey("openai");
console.log(`OpenAI key from ${key.source} (${key.detail}): ${key.masked}`);

// 2. A JSON configuration parameter, loaded into the environment at start-up.
const { set } = await loadIntoEnv({ secretId: "ssm:/prod/app/config" });
console.log(`set from the parameter: ${set.join(", ")}`);

// 3. The store itself: where a value came from, and one call for many concurrent readers.
const secrets = createSecretStore();
const [found] = await Promise.all(
  Array.from({ length: 50 }, () => secrets.lookup("ssm:/prod/app/config")),
);
console.log(
  `lookup: source ${found?.source}, version ${found?.versionId}, keys ${Object.keys(found?.value ?? {}).join(", ")}`,
);
console.log(`50 concurrent lookups → ${secrets.stats().apiCalls} GetParameter call`);

for (const call of aws.ssm.calls) {
  console.log(
    `Parameter Store ${call.op} ${call.names.join(", ")}: decrypted ${call.withDecryption}, ` +
      `signed by the task role (session token: ${call.hasSessionToken}) in ${call.region} → ${call.status}`,
  );
}

await aws.close();
