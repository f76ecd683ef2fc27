// Polly SynthesizeSpeech. pollyClientConfig uses the env pair (AWS_ACCESS_KEY_ID +
// AWS_SECRET_ACCESS_KEY) when it is set, and otherwise leaves credentials to the SDK's default chain
// — here the task role, as on ECS.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/polly.ts
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { pollyClientConfig } from "credchain";
import { describeCall, startEmulators } from "./_emulators.js";

const aws = await startEmulators({ taskRole: true });

const config = pollyClientConfig(); // reads process.env: no pair here → { region: "us-east-1" }
console.log("config:", config);

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
