// Short-term Bedrock API keys minted from the identity a service already has — the ECS task role,
// or an env key pair — for clients and tools that take only a bearer token. Each key is a presigned
// request: the emulator verifies it by signing it again with the issuing key's secret, for its own
// Region, and says so below. No long-term API key exists anywhere.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/bedrock-short-term-key.ts
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { TokenIdentityProvider } from "@smithy/types";
import { bedrockTokenProvider, createAwsChain, mask, refreshOnAuthFailure } from "credchain";
import type { BedrockCall } from "../test/support/startBedrockEmulator.js";
import { startEmulators } from "./_emulators.js";

const aws = await startEmulators({ taskRole: true }); // sets AWS_CONTAINER_CREDENTIALS_FULL_URI, as ECS does
const region = "us-east-1"; // the Region the emulated Bedrock serves
const modelId = "amazon.nova-micro-v1:0";

/** A Bedrock client that sends the provider's key as `Authorization: Bearer`. */
function bearerClient(token: TokenIdentityProvider, clientRegion = region) {
  return new BedrockRuntimeClient({
    region: clientRegion,
    token,
    authSchemePreference: ["httpBearerAuth"],
  });
}

/** What the emulator verified of a bearer call: who minted the key, for which Region, until when. */
function verified(call: BedrockCall | undefined): string {
  if (call?.auth !== "bearer") return "no bearer call reached the emulator";
  const minter = `${mask(call.accessKeyId ?? "", "access-key-id")} (${call.hasSessionToken ? "with a session token" : "no session token"})`;
  if (call.status >= 300)
    return `${call.op} refused (${call.status} ${call.errorCode}): key minted by ${minter} for ${call.region}`;
  return `${call.op} accepted: short-term key minted by ${minter} for ${call.region}, valid until ${call.apiKeyExpiresAt?.toISOString()}`;
}

async function ask(client: BedrockRuntimeClient, text: string): Promise<string | undefined> {
  const response = await client.send(
    new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text }] }] }),
  );
  return response.output?.message?.content?.[0]?.text;
}

// 1. The task role: the service chain finds it through the SDK default chain (no keys in the env).
const roleKeys = bedrockTokenProvider(createAwsChain(), { region, expiresInSeconds: 3600 });
const first = await roleKeys();
console.log(
  `task role key ${mask(first.token, "api-key")}, expires ${first.expiration?.toISOString()}`,
);
const bedrock = bearerClient(roleKeys);
bedrock.middlewareStack.use(refreshOnAuthFailure(roleKeys)); // a refused key: recover the role, mint, retry once
console.log("reply:", await ask(bedrock, "Draft a two-line product blurb."));
console.log(verified(aws.bedrock.calls.at(-1)));

// 2. An env key pair (a CI job, a developer's shell): the same, from another identity.
const pairKeys = bedrockTokenProvider(
  createAwsChain({
    env: {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
    envFile: false,
  }),
  { region, expiresInSeconds: 900 },
);
console.log("reply:", await ask(bearerClient(pairKeys), "Summarise our refund policy."));
console.log(verified(aws.bedrock.calls.at(-1)));

// 3. Keys are bound to their Region: one minted for eu-west-1 is refused here.
const irelandKeys = bedrockTokenProvider(createAwsChain(), { region: "eu-west-1" });
try {
  await ask(bearerClient(irelandKeys), "Hello?");
} catch (error) {
  console.log(`refused: ${(error as Error).name}`);
}
console.log(verified(aws.bedrock.calls.at(-1)));

await aws.close();
