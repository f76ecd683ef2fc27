// Bedrock Converse with the IAM role of an ECS task (or App Runner service): the admin panel's key is
// blank and no keys are in the environment, so the chain falls through to the AWS SDK default chain,
// which reads the role from the container credentials endpoint and refreshes it before it expires.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/bedrock-converse-iam-role.ts
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { bedrockClientConfig, createChainFromEnv } from "credchain";
import { describeCall, startEmulators } from "./_emulators.js";

const aws = await startEmulators({ taskRole: true }); // sets AWS_CONTAINER_CREDENTIALS_FULL_URI, as ECS does
process.env.AWS_REGION = "us-west-2"; // from the task definition

// Read on every resolution, so a key saved in the panel later takes over without a restart.
const activeConfig = { apiKey: "", modelId: "amazon.nova-micro-v1:0" };
const chain = createChainFromEnv({
  provider: "bedrock",
  adminKey: () => ({ key: activeConfig.apiKey, modelId: activeConfig.modelId }),
});

const decision = await chain.resolve();
console.log(String(decision));
for (const step of decision.trace)
  console.log(`  ${step.source}: ${step.outcome} — ${step.reason}`);

const bedrock = new BedrockRuntimeClient(await bedrockClientConfig(chain));
const response = await bedrock.send(
  new ConverseCommand({
    modelId: decision.modelId?.value,
    messages: [{ role: "user", content: [{ text: "Draft a two-line product blurb." }] }],
  }),
);
console.log("reply:", response.output?.message?.content?.[0]?.text);
console.log(describeCall(aws.bedrock.calls.at(-1)));

await aws.close();
