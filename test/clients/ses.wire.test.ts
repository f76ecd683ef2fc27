import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterEach, describe, expect, it } from "vitest";
import { sesClientConfig } from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import { startContainerCredentialsEmulator } from "../support/startContainerCredentialsEmulator.js";
import { startSesEmulator } from "../support/startSesEmulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

function email(from: string) {
  return new SendEmailCommand({
    FromEmailAddress: from,
    Destination: { ToAddresses: ["customer@example.org"] },
    Content: {
      Simple: { Subject: { Data: "Receipt" }, Body: { Text: { Data: "Thanks for your order." } } },
    },
  });
}

describe("SESv2Client with sesClientConfig", () => {
  it("sends SendEmail signed with the task role from the default chain, in the env region", async () => {
    // Prepare
    const registry = createCredentialRegistry();
    const ses = await startSesEmulator({ registry, verifiedIdentities: ["example.com"] });
    const ecs = await startContainerCredentialsEmulator({ registry, authToken: "task-token" });
    closers.push(
      () => ses.close(),
      () => ecs.close(),
    );
    Object.assign(process.env, ecs.env, {
      AWS_ENDPOINT_URL_SESV2: ses.url,
      AWS_REGION: "eu-west-1",
    });

    // Act
    const client = new SESv2Client(sesClientConfig());
    const sent = await client.send(email("shop@example.com"));
    const refused = await client.send(email("shop@unverified.test")).catch((e: unknown) => e);

    // Assess
    expect(sent.MessageId).toBe(ses.sent[0]?.messageId);
    expect(ses.sent[0]).toMatchObject({ from: "shop@example.com", subject: "Receipt" });
    expect(ses.calls[0]).toMatchObject({
      op: "SendEmail",
      auth: "sigv4",
      accessKeyId: ecs.current.accessKeyId,
      hasSessionToken: true,
      region: "eu-west-1",
      status: 200,
    });
    expect(refused).toMatchObject({ name: "MessageRejected" });
  });
});
