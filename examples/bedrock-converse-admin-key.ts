// Bedrock Converse with the key an admin typed into the panel: `ACCESS_KEY_ID:SECRET_ACCESS_KEY`.
// The panel's key beats everything in the environment, and the environment's AWS_SESSION_TOKEN or
// AWS_BEARER_TOKEN_BEDROCK can never sneak into the request.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/bedrock-converse-admin-key.ts
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { bedrockClientConfig, decideCredentials } from "credchain";
import { describeCall, startEmulators } from "./_emulators.js";

const aws = await startEmulators(); // offline: loopback AWS

// The active AI-assistant config, as your admin panel stored it.
const activeConfig = {
  apiKey: "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "eu-west-1",
  modelId: "anthropic.claude-3-5-sonnet-20241022-v2:0",
};

const decision = decideCredentials({
  provider: "bedrock",
  adminKey: activeConfig.apiKey,
  adminRegion: activeConfig.region,
  adminModelId: activeConfig.modelId,
  env: process.env,
});
console.log(String(decision));
console.log(decision.auth, decision.region, decision.modelId);

const bedrock = new BedrockRuntimeClient(bedrockClientConfig(decision));
const response = await bedrock.send(
  new ConverseCommand({
    modelId: decision.modelId?.value,
    messages: [{ role: "user", content: [{ text: "Summarise our refund policy in one line." }] }],
  }),
);
console.log("reply:", response.output?.message?.content?.[0]?.text);
console.log(describeCall(aws.bedrock.calls.at(-1)));

await aws.close();
