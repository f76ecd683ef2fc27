// Polly SynthesizeSpeech. pollyClientConfig hands the client the service identity, the one every
// Polly, SES, S3 and Secrets Manager client of the process signs with: the env pair
// (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY), else ./.env's, else the SDK's default chain — here the
// task role, as on ECS.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/polly.ts
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { pollyClientConfig, sharedAwsChain } from "credchain";
import { describeCall, startEmulators } from "./_emulators.js";

const aws = await startEmulators({ taskRole: true });

const config = pollyClientConfig(); // reads process.env: no pair here, so the default chain
console.log("region:", config.region);
// The provider is the shared service chain's; its trace says which source it chose and why.
for (const row of await sharedAwsChain().explain()) console.log(`  ${row.source}: ${row.outcome}`);

const polly = new PollyClient(config);
const speech = await polly.send(
  new SynthesizeSpeechCommand({
    Text: "Your order has shipped.",
    VoiceId: "Joanna",
    OutputFormat: "mp3",
  }),
);
const audio = await speech.AudioStream?.transformToByteArray();
console.log(`audio: ${audio?.byteLength ?? 0} bytes of ${speech.ContentType}`);
console.log(describeCall(aws.polly.calls.at(-1)));

await aws.close();
