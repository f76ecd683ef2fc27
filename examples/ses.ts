// SESv2 SendEmail. sesClientConfig gives the region; the SDK's default chain supplies credentials
// (here the task role, as on ECS).
//
//   npx tsx --tsconfig examples/tsconfig.json examples/ses.ts
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { sesClientConfig } from "credchain";
import { describeCall, startEmulators } from "./_emulators.js";

const aws = await startEmulators({ taskRole: true, verifiedIdentities: ["example.com"] });
process.env.AWS_REGION = "eu-west-1";

const ses = new SESv2Client(sesClientConfig());
const { MessageId } = await ses.send(
  new SendEmailCommand({
    FromEmailAddress: "orders@example.com",
    Destination: { ToAddresses: ["customer@example.org"] },
    Content: {
      Simple: {
        Subject: { Data: "Your receipt" },
        Body: { Text: { Data: "Thanks for your order." } },
      },
    },
  }),
);
console.log("sent:", MessageId);
console.log(describeCall(aws.ses.calls.at(-1)));

await aws.close();
