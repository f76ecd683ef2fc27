// A loopback OpenAI-shaped API: `POST /v1/chat/completions` and `GET /v1/models`, authenticated by
// `Authorization: Bearer <key>` against exactly one current key, which a test rotates. The old key
// is refused at once with OpenAI's 401 `invalid_api_key`, as after a key is revoked in the dashboard.
import { randomBytes } from "node:crypto";
import { callLog } from "./callLog.js";
import type { CallLog } from "./callLog.js";
import type { FaultInjector } from "./faults.js";
import { startLoopbackServer } from "./loopbackServer.js";
import type { LoopbackResponse } from "./loopbackServer.js";

/** Options for {@link startLlmEmulator}. */
export interface LlmEmulatorOptions {
  /** The key accepted first. @default a freshly generated `sk-proj-…` key */
  apiKey?: string;
  /** The assistant's answer. @default `emulated reply from <model>` */
  reply?: (input: { model: string; lastUserText: string | undefined }) => string;
}

/** The operations the emulator serves. */
export type LlmOperation = "ChatCompletions" | "ListModels";

/** One request, in arrival order. */
export interface LlmCall {
  op: LlmOperation | "Unknown";
  /** The bearer key sent, verbatim (test keys only); `undefined` without one. */
  apiKey: string | undefined;
  /** Whether it was the key accepted when the request arrived. */
  authorized: boolean;
  /** `model` of a chat completion, refused ones included. */
  model?: string;
  status: number;
  /** OpenAI's `error.code` of an error answer (`invalid_api_key`, `rate_limit_exceeded`, …). */
  errorCode?: string;
  fault?: "throttle" | "500" | "reset";
}

/** A running OpenAI-shaped endpoint. */
export interface LlmEmulator extends CallLog<LlmCall, LlmOperation> {
  /** The base URL an OpenAI client takes (`baseURL`): `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** The key accepted now. */
  readonly apiKey: string;
  /** Accepts `next` (default: a new key) from now on and refuses every earlier key. Returns it. */
  rotateKey(next?: string): string;
  /** Scripted failures; operations `ChatCompletions`, `ListModels` (throttle → 429, 500 → 500). */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

/** A key in OpenAI's project-key shape (fake, random). */
export function newOpenAiKey(): string {
  return `sk-proj-${randomBytes(24).toString("base64url")}`;
}

const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
  ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  }) satisfies LoopbackResponse;

const openAiError = (status: number, type: string, code: string | null, message: string) =>
  json(status, { error: { message, type, param: null, code } });

/** OpenAI shows the last four characters of a refused key; so does this emulator. */
const shown = (key: string) => (key.length > 8 ? `${key.slice(0, 3)}…${key.slice(-4)}` : "…");

interface ChatBody {
  model?: unknown;
  messages?: unknown;
}

function lastUserText(messages: unknown): string | undefined {
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role === "user" && typeof m.content === "string") return m.content;
  }
  return undefined;
}

/**
 * Starts an OpenAI-shaped endpoint on 127.0.0.1 that accepts one key at a time.
 *
 * @example
 * const llm = await startLlmEmulator({ apiKey: "sk-proj-test" });
 * await fetch(`${llm.url}/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-proj-test" }, body });
 * llm.rotateKey("sk-proj-next"); // sk-proj-test now answers 401 invalid_api_key
 */
export async function startLlmEmulator(options: LlmEmulatorOptions = {}): Promise<LlmEmulator> {
  let current = options.apiKey ?? newOpenAiKey();
  const calls: LlmCall[] = [];
  let completions = 0;

  const server = await startLoopbackServer(async (request, { applyFault }) => {
    const op: LlmCall["op"] =
      request.method === "POST" && request.pathname === "/v1/chat/completions"
        ? "ChatCompletions"
        : request.method === "GET" && request.pathname === "/v1/models"
          ? "ListModels"
          : "Unknown";
    const authorization = request.headers.authorization;
    const bearer = /^Bearer (\S+)$/.exec(typeof authorization === "string" ? authorization : "");
    const apiKey = bearer?.[1];
    const call: LlmCall = { op, apiKey, authorized: apiKey === current, status: 200 };
    // Parsed before the key check so that refused calls record their model too (the answer to a
    // bad body still comes after the key check, as OpenAI's does).
    let body: ChatBody | undefined;
    if (op === "ChatCompletions") {
      try {
        body = JSON.parse(request.body.toString("utf8")) as ChatBody;
      } catch {
        body = undefined;
      }
      if (typeof body?.model === "string") call.model = body.model;
    }
    calls.push(call);
    const fail = (response: LoopbackResponse, code: string | undefined) => {
      call.status = response.status;
      if (code !== undefined) call.errorCode = code;
      return response;
    };

    if (op === "Unknown") {
      return fail(
        openAiError(404, "invalid_request_error", "unknown_url", `Unknown request URL.`),
        "unknown_url",
      );
    }
    if (apiKey === undefined) {
      return fail(
        openAiError(
          401,
          "invalid_request_error",
          null,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
        ),
        "missing_api_key",
      );
    }
    if (!call.authorized) {
      return fail(
        openAiError(
          401,
          "invalid_request_error",
          "invalid_api_key",
          `Incorrect API key provided: ${shown(apiKey)}.`,
        ),
        "invalid_api_key",
      );
    }
    const fault = await applyFault(op);
    if (fault !== undefined) call.fault = fault;
    if (fault === "reset") {
      call.status = 0;
      return "reset";
    }
    if (fault === "throttle") {
      return fail(
        openAiError(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests."),
        "rate_limit_exceeded",
      );
    }
    if (fault === "500") {
      return fail(
        openAiError(500, "server_error", null, "The server had an error while processing."),
        "server_error",
      );
    }

    if (op === "ListModels") {
      return json(200, {
        object: "list",
        data: [{ id: "gpt-4o-mini", object: "model", created: 1_721_172_741, owned_by: "system" }],
      });
    }
    if (body === undefined) {
      return fail(
        openAiError(400, "invalid_request_error", null, "We could not parse the JSON body."),
        "invalid_json",
      );
    }
    if (typeof body.model !== "string" || !Array.isArray(body.messages)) {
      return fail(
        openAiError(
          400,
          "invalid_request_error",
          null,
          "Missing required parameter: 'model' or 'messages'.",
        ),
        "missing_required_parameter",
      );
    }
    completions += 1;
    const text =
      options.reply?.({ model: body.model, lastUserText: lastUserText(body.messages) }) ??
      `emulated reply from ${body.model}`;
    return json(200, {
      id: `chatcmpl-emulated-${completions}`,
      object: "chat.completion",
      created: 1_721_172_741,
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
    });
  });

  return {
    url: `${server.url}/v1`,
    get apiKey() {
      return current;
    },
    rotateKey(next = newOpenAiKey()) {
      current = next;
      return next;
    },
    faults: server.faults,
    ...callLog<LlmCall, LlmOperation>(calls),
    close: () => server.close(),
  };
}
