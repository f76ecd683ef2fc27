// A loopback Amazon Polly: SynthesizeSpeech (`POST /v1/speech`) answering with audio bytes.
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import { ServiceFailure, startServiceEmulator } from "./startServiceEmulator.js";
import type { ServiceEmulator } from "./startServiceEmulator.js";

/** Options for {@link startPollyEmulator}. */
export interface PollyEmulatorOptions {
  /** Accepted SigV4 keys. @default a registry with the example keys */
  registry?: CredentialRegistry;
}

const CONTENT_TYPES: Record<string, string> = {
  mp3: "audio/mpeg",
  ogg_vorbis: "audio/ogg",
  ogg_opus: "audio/ogg",
  pcm: "audio/pcm",
  json: "application/x-json-stream",
};

/** The bytes the emulator "synthesizes": an ID3 tag followed by the text, so tests can check both. */
export function emulatedAudio(text: string): Buffer {
  return Buffer.concat([
    Buffer.from("ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000", "latin1"),
    Buffer.from(text, "utf8"),
  ]);
}

/**
 * Starts a Polly emulator on 127.0.0.1.
 *
 * @example
 * const polly = await startPollyEmulator();
 * const client = new PollyClient({ endpoint: polly.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * const out = await client.send(new SynthesizeSpeechCommand({ Text: "Hello", VoiceId: "Joanna", OutputFormat: "mp3" }));
 * await out.AudioStream?.transformToByteArray(); // emulatedAudio("Hello")
 */
export async function startPollyEmulator(
  options: PollyEmulatorOptions = {},
): Promise<ServiceEmulator> {
  return startServiceEmulator({
    service: "polly",
    signingName: "polly",
    dialect: "json",
    registry: options.registry ?? createCredentialRegistry(),
    throttle: { status: 400, code: "ThrottlingException" },
    internal: { status: 500, code: "ServiceFailureException" },
    route: (request) =>
      request.method === "POST" && request.pathname === "/v1/speech"
        ? { op: "SynthesizeSpeech" }
        : undefined,
    handle(_request, call) {
      const body = (call.body ?? {}) as {
        Text?: unknown;
        VoiceId?: unknown;
        OutputFormat?: unknown;
      };
      if (
        typeof body.Text !== "string" ||
        typeof body.VoiceId !== "string" ||
        typeof body.OutputFormat !== "string"
      ) {
        throw new ServiceFailure(
          400,
          "ValidationException",
          "Text, VoiceId and OutputFormat are required.",
        );
      }
      const contentType = CONTENT_TYPES[body.OutputFormat];
      if (contentType === undefined) {
        throw new ServiceFailure(
          400,
          "ValidationException",
          `OutputFormat '${body.OutputFormat}' is not supported.`,
        );
      }
      return {
        status: 200,
        headers: {
          "content-type": contentType,
          "x-amzn-requestcharacters": String(body.Text.length),
        },
        body: emulatedAudio(body.Text),
      };
    },
  });
}
