// A loopback Bedrock runtime: Converse and InvokeModel, signed with SigV4 (service `bedrock`) or
// sent with a Bedrock API key as `Authorization: Bearer`.
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { LoopbackRequest, LoopbackResponse } from "./loopbackServer.js";
import { ServiceFailure, startServiceEmulator } from "./startServiceEmulator.js";
import type { ServiceEmulator } from "./startServiceEmulator.js";

/** What the `reply` option sees of a Converse or InvokeModel request. */
export interface BedrockReplyInput {
  modelId: string;
  /** The request body as sent (Converse: `{ messages, system?, inferenceConfig? }`). */
  body: unknown;
  /** The text of the last user message (Converse), or the raw body text (InvokeModel). */
  lastUserText: string;
}

/** Options for {@link startBedrockEmulator}. */
export interface BedrockEmulatorOptions {
  /** Accepted SigV4 keys. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** Bedrock API keys accepted as `Authorization: Bearer <key>`; bearer requests are refused when unset. */
  apiKeys?: readonly string[];
  /** The assistant's answer. @default `emulated reply from <modelId>` */
  reply?: (input: BedrockReplyInput) => string;
}

const MODEL_PATH = /^\/model\/([^/]+)\/(converse|invoke)$/;

function modelOf(request: LoopbackRequest): { modelId: string; action: string } | undefined {
  const match = MODEL_PATH.exec(request.pathname);
  if (match === null || request.method !== "POST") return undefined;
  return { modelId: decodeURIComponent(match[1]!), action: match[2]! };
}

function lastUserText(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown };
    if (message.role !== "user" || !Array.isArray(message.content)) continue;
    return message.content
      .map((block) =>
        typeof block === "object" && block !== null && "text" in block ? String(block.text) : "",
      )
      .join("");
  }
  return "";
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * Starts a Bedrock runtime emulator on 127.0.0.1.
 *
 * @example
 * const bedrock = await startBedrockEmulator({ apiKeys: ["ABSKtest-key"] });
 * const client = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * await client.send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [{ role: "user", content: [{ text: "hi" }] }] }));
 * bedrock.calls[0]; // { op: "Converse", auth: "sigv4", accessKeyId: "AKIAIOSFODNN7EXAMPLE", modelId: "anthropic.claude-3-haiku-20240307-v1:0", … }
 */
export async function startBedrockEmulator(
  options: BedrockEmulatorOptions = {},
): Promise<ServiceEmulator> {
  const reply =
    options.reply ?? ((input: BedrockReplyInput) => `emulated reply from ${input.modelId}`);
  return startServiceEmulator({
    service: "bedrock-runtime",
    signingName: "bedrock",
    dialect: "json",
    registry: options.registry ?? createCredentialRegistry(),
    ...(options.apiKeys !== undefined && { bearerKeys: options.apiKeys }),
    throttle: { status: 429, code: "ThrottlingException" },
    internal: { status: 500, code: "InternalServerException" },
    route(request) {
      const model = modelOf(request);
      if (model === undefined) return undefined;
      return {
        op: model.action === "converse" ? "Converse" : "InvokeModel",
        record: { modelId: model.modelId },
      };
    },
    handle(request, call): LoopbackResponse {
      const modelId = call.modelId ?? "";
      if (call.op === "InvokeModel") {
        const text = reply({
          modelId,
          body: call.body,
          lastUserText: request.body.toString("utf8"),
        });
        return {
          status: 200,
          headers: { "content-type": "application/json", "x-amzn-bedrock-input-token-count": "1" },
          body: JSON.stringify({
            id: "msg_emulated",
            type: "message",
            role: "assistant",
            content: [{ type: "text", text }],
            stop_reason: "end_turn",
          }),
        };
      }
      const input = lastUserText(call.body);
      if (
        typeof call.body !== "object" ||
        call.body === null ||
        !Array.isArray((call.body as { messages?: unknown }).messages)
      ) {
        throw new ServiceFailure(
          400,
          "ValidationException",
          "The model returned the following errors: messages is required",
        );
      }
      const text = reply({ modelId, body: call.body, lastUserText: input });
      const inputTokens = Math.max(1, words(input));
      const outputTokens = Math.max(1, words(text));
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          output: { message: { role: "assistant", content: [{ text }] } },
          stopReason: "end_turn",
          usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
          metrics: { latencyMs: 1 },
        }),
      };
    },
  });
}
