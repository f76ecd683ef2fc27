import {
  BedrockRuntimeClient,
  ConverseCommand,
  InvokeModelCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterEach, describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "./credentialRegistry.js";
import { startBedrockEmulator } from "./startBedrockEmulator.js";
import { emulatedAudio, startPollyEmulator } from "./startPollyEmulator.js";
import { decodeAwsChunked, startS3Emulator } from "./startS3Emulator.js";
import { startSesEmulator } from "./startSesEmulator.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const API_KEY = "ABSKZW11bGF0b3Ita2V5LWZvci10ZXN0cw==";
const forged = {
  accessKeyId: EXAMPLE_ACCESS_KEY_ID,
  secretAccessKey: `${EXAMPLE_SECRET_ACCESS_KEY}-wrong`,
};
const converse = new ConverseCommand({
  modelId: MODEL,
  messages: [{ role: "user", content: [{ text: "Say hi in three words" }] }],
});

const started: { close(): Promise<void> }[] = [];
async function track<T extends { close(): Promise<void> }>(emulator: Promise<T>): Promise<T> {
  const e = await emulator;
  started.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

describe("startBedrockEmulator", () => {
  it("answers Converse signed with SigV4 and records key, model and body", async () => {
    const bedrock = await track(startBedrockEmulator());
    const client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-west-2",
      credentials: EXAMPLE_CREDENTIALS,
    });
    const out = await client.send(converse);
    expect(out.output?.message?.content?.[0]?.text).toBe(`emulated reply from ${MODEL}`);
    expect(out.stopReason).toBe("end_turn");
    expect(out.usage?.totalTokens).toBeGreaterThan(0);
    expect(bedrock.calls[0]).toMatchObject({
      service: "bedrock-runtime",
      op: "Converse",
      auth: "sigv4",
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      hasSessionToken: false,
      region: "us-west-2",
      modelId: MODEL,
      body: { messages: [{ role: "user", content: [{ text: "Say hi in three words" }] }] },
      status: 200,
    });
  });

  it("answers Converse sent with a Bedrock API key as a bearer token", async () => {
    const bedrock = await track(
      startBedrockEmulator({
        apiKeys: [API_KEY],
        reply: ({ lastUserText }) => `echo: ${lastUserText}`,
      }),
    );
    const client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      token: { token: API_KEY },
      authSchemePreference: ["httpBearerAuth"],
    });
    const out = await client.send(converse);
    expect(out.output?.message?.content?.[0]?.text).toBe("echo: Say hi in three words");
    expect(bedrock.calls[0]).toMatchObject({
      auth: "bearer",
      bearerToken: API_KEY,
      hasSessionToken: false,
    });
    expect(bedrock.calls[0]?.accessKeyId).toBeUndefined();
  });

  it("refuses an unknown bearer key and a forged signature with 403", async () => {
    const bedrock = await track(startBedrockEmulator({ apiKeys: [API_KEY] }));
    const bearer = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      token: { token: "ABSKnot-a-key" },
      authSchemePreference: ["httpBearerAuth"],
    });
    await expect(bearer.send(converse)).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      $metadata: { httpStatusCode: 403 },
    });
    const sigv4 = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      credentials: forged,
    });
    await expect(sigv4.send(converse)).rejects.toMatchObject({
      name: "InvalidSignatureException",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("accepts temporary credentials from a shared registry and records the session token", async () => {
    const registry = createCredentialRegistry();
    const temp = registry.issueTemporary();
    const bedrock = await track(startBedrockEmulator({ registry }));
    const client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      credentials: temp,
    });
    await client.send(converse);
    expect(bedrock.calls[0]).toMatchObject({
      accessKeyId: temp.accessKeyId,
      hasSessionToken: true,
    });
  });

  it("answers InvokeModel with a JSON body", async () => {
    const bedrock = await track(startBedrockEmulator());
    const client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
    });
    const out = await client.send(
      new InvokeModelCommand({
        modelId: MODEL,
        contentType: "application/json",
        body: JSON.stringify({ messages: [] }),
      }),
    );
    expect(JSON.parse(new TextDecoder().decode(out.body))).toMatchObject({
      content: [{ type: "text" }],
    });
    expect(bedrock.calls[0]).toMatchObject({ op: "InvokeModel", modelId: MODEL });
  });

  it("throttles with 429 ThrottlingException", async () => {
    const bedrock = await track(startBedrockEmulator());
    bedrock.faults.push({ op: "Converse", kind: "throttle" });
    const client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      maxAttempts: 1,
    });
    await expect(client.send(converse)).rejects.toMatchObject({
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429 },
    });
  });

  it("resets an HTTP/2 stream and keeps serving the session afterwards", async () => {
    const bedrock = await track(startBedrockEmulator());
    bedrock.faults.push({ op: "Converse", kind: "reset" });
    const client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      maxAttempts: 1,
    });
    await expect(client.send(converse)).rejects.toThrow();
    await expect(client.send(converse)).resolves.toMatchObject({ stopReason: "end_turn" });
    expect(bedrock.calls.map((c) => [c.fault, c.status])).toEqual([
      ["reset", 0],
      [undefined, 200],
    ]);
  });

  it("is reached through AWS_ENDPOINT_URL_BEDROCK_RUNTIME", async () => {
    const bedrock = await track(startBedrockEmulator());
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
    await new BedrockRuntimeClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS }).send(
      converse,
    );
    expect(bedrock.callCount("Converse")).toBe(1);
  });
});

describe("startPollyEmulator", () => {
  it("synthesizes audio bytes for a signed SynthesizeSpeech", async () => {
    const polly = await track(startPollyEmulator());
    process.env.AWS_ENDPOINT_URL_POLLY = polly.url;
    const client = new PollyClient({ region: "eu-west-1", credentials: EXAMPLE_CREDENTIALS });
    const out = await client.send(
      new SynthesizeSpeechCommand({ Text: "Hello there", VoiceId: "Joanna", OutputFormat: "mp3" }),
    );
    expect(out.ContentType).toBe("audio/mpeg");
    expect(out.RequestCharacters).toBe(11);
    expect(Buffer.from(await out.AudioStream!.transformToByteArray())).toEqual(
      emulatedAudio("Hello there"),
    );
    expect(polly.calls[0]).toMatchObject({
      op: "SynthesizeSpeech",
      auth: "sigv4",
      region: "eu-west-1",
      body: { Text: "Hello there", VoiceId: "Joanna" },
    });
  });

  it("rejects a forged signature", async () => {
    const polly = await track(startPollyEmulator());
    const client = new PollyClient({
      endpoint: polly.url,
      region: "us-east-1",
      credentials: forged,
    });
    await expect(
      client.send(
        new SynthesizeSpeechCommand({ Text: "x", VoiceId: "Joanna", OutputFormat: "mp3" }),
      ),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    expect(polly.calls[0]).toMatchObject({ errorCode: "InvalidSignatureException" });
  });
});

describe("startSesEmulator", () => {
  const email = (from: string) =>
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: ["user@example.org"] },
      Content: { Simple: { Subject: { Data: "Welcome" }, Body: { Text: { Data: "Hello!" } } } },
    });

  it("accepts SendEmail and records the message", async () => {
    const ses = await track(startSesEmulator({ verifiedIdentities: ["example.com"] }));
    process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
    const client = new SESv2Client({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
    const out = await client.send(email("app@example.com"));
    expect(out.MessageId).toBeTruthy();
    expect(ses.sent).toEqual([
      {
        messageId: out.MessageId,
        from: "app@example.com",
        to: ["user@example.org"],
        subject: "Welcome",
        text: "Hello!",
      },
    ]);
    expect(ses.calls[0]).toMatchObject({
      op: "SendEmail",
      auth: "sigv4",
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
    });
  });

  it("rejects an unverified sender with MessageRejected", async () => {
    const ses = await track(startSesEmulator({ verifiedIdentities: ["example.com"] }));
    const client = new SESv2Client({
      endpoint: ses.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
    });
    await expect(client.send(email("spoof@evil.test"))).rejects.toMatchObject({
      name: "MessageRejected",
    });
    expect(ses.sent).toEqual([]);
  });
});

describe("startS3Emulator", () => {
  it("stores and returns objects path-style, verifying each signature", async () => {
    const s3 = await track(startS3Emulator());
    const client = new S3Client({
      endpoint: s3.url,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: EXAMPLE_CREDENTIALS,
    });
    await client.send(new CreateBucketCommand({ Bucket: "reports" }));
    await client.send(
      new PutObjectCommand({
        Bucket: "reports",
        Key: "2024/q1 summary.txt",
        Body: "hello world",
        ContentType: "text/plain",
      }),
    );
    expect(s3.objects.get("reports/2024/q1 summary.txt")?.body.toString()).toBe("hello world");

    const got = await client.send(
      new GetObjectCommand({ Bucket: "reports", Key: "2024/q1 summary.txt" }),
    );
    await expect(got.Body!.transformToString()).resolves.toBe("hello world");
    expect(got.ContentType).toBe("text/plain");
    await expect(
      client.send(new HeadObjectCommand({ Bucket: "reports", Key: "2024/q1 summary.txt" })),
    ).resolves.toMatchObject({ ContentLength: 11 });
    expect(s3.calls.map((c) => [c.op, c.auth, c.status])).toEqual([
      ["CreateBucket", "sigv4", 200],
      ["PutObject", "sigv4", 200],
      ["GetObject", "sigv4", 200],
      ["HeadObject", "sigv4", 200],
    ]);
  });

  it("answers a missing key with NoSuchKey and a forged signature with SignatureDoesNotMatch", async () => {
    const s3 = await track(startS3Emulator());
    const client = new S3Client({
      endpoint: s3.url,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: EXAMPLE_CREDENTIALS,
    });
    await expect(
      client.send(new GetObjectCommand({ Bucket: "b", Key: "none" })),
    ).rejects.toMatchObject({ name: "NoSuchKey" });
    const bad = new S3Client({
      endpoint: s3.url,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: forged,
    });
    await expect(
      bad.send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" })),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
  });

  it("is reached through AWS_ENDPOINT_URL_S3", async () => {
    const s3 = await track(startS3Emulator());
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    const client = new S3Client({
      region: "us-east-1",
      forcePathStyle: true,
      credentials: EXAMPLE_CREDENTIALS,
    });
    await client.send(
      new PutObjectCommand({ Bucket: "b", Key: "k", Body: new Uint8Array([1, 2, 3]) }),
    );
    expect([...s3.objects.get("b/k")!.body]).toEqual([1, 2, 3]);
  });

  it("decodes aws-chunked bodies and their trailers", () => {
    const body = Buffer.from(
      "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n",
    );
    expect(decodeAwsChunked(body)).toEqual({
      data: Buffer.from("hello world"),
      trailers: { "x-amz-checksum-crc32": "DUoRhQ==" },
    });
  });
});
