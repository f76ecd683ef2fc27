// A loopback Bedrock runtime: Converse and InvokeModel, signed with SigV4 (service `bedrock`) or
// sent with a Bedrock API key as `Authorization: Bearer`: a configured long-term key (`ABSK…`),
// or a short-term key (`bedrock-api-key-…`, a presigned SigV4 URL) verified against the
// credential registry, the endpoint's region and the clock.
import { timingSafeEqual } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry, RegisteredCredential } from "./credentialRegistry.js";
import type { LoopbackRequest, LoopbackResponse } from "./loopbackServer.js";
import { parseAmzDate } from "./sigv4.js";
import { ServiceFailure, startServiceEmulator } from "./startServiceEmulator.js";
import type { ServiceCall, ServiceEmulator, ServiceFail } from "./startServiceEmulator.js";

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
  /** Accepted SigV4 keys, and the issuers short-term API keys are verified against. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** Bedrock API keys accepted as listed (`ABSK…`, or fixed fakes); minted short-term keys need no listing. */
  apiKeys?: readonly string[];
  /** The assistant's answer. @default `emulated reply from <modelId>` */
  reply?: (input: BedrockReplyInput) => string;
  /**
   * The endpoint's region. A short-term API key must be minted for it; when set, SigV4
   * signatures scoped to another region are refused too.
   * @default "us-east-1" for short-term keys; SigV4 in any region
   */
  region?: string;
  /** Clock for short-term key expiry and registered key expiry. @default Date.now */
  now?: () => number;
  /**
   * Whether a refused API key's 403 names its error in `x-amzn-ErrorType`. Real Bedrock sends
   * none (the SDK then reports the error as `Unknown`); `false` answers as it does.
   * @default true
   */
  apiKeyRefusalErrorType?: boolean;
}

/** A Bedrock call: a {@link ServiceCall} that also says which kind of API key was sent. */
export interface BedrockCall extends ServiceCall {
  /** Bearer calls: a configured `ABSK…` key, or a `bedrock-api-key-…` presigned one. */
  apiKeyKind?: "long-term" | "short-term";
  /** Short-term keys that verified: when the key stops being accepted. */
  apiKeyExpiresAt?: Date;
}

/** A running Bedrock runtime emulator. */
export interface BedrockEmulator extends ServiceEmulator<BedrockCall> {
  /** The region short-term API keys must be minted for. */
  readonly region: string;
}

/** How a short-term Bedrock API key starts. */
export const BEDROCK_SHORT_TERM_KEY_PREFIX = "bedrock-api-key-";
/** The SigV4 action a short-term key's presigned URL names. */
export const BEDROCK_BEARER_ACTION = "CallWithBearerToken";
/** The longest a short-term key may be presigned for (12 hours). */
export const BEDROCK_SHORT_TERM_KEY_MAX_SECONDS = 43_200;
/** What real Bedrock says when it refuses a bearer key. */
export const BEDROCK_API_KEY_REFUSED_MESSAGE =
  "Authentication failed: Please make sure your API Key is valid.";

/** Why a short-term key was refused. */
export type BedrockApiKeyFailure =
  | "malformed"
  | "wrong-region"
  | "unknown-access-key"
  | "expired"
  | "session-token-mismatch"
  | "signature-mismatch";

/** The outcome of {@link verifyBedrockApiKey}. */
export type BedrockApiKeyVerification =
  | {
      ok: true;
      accessKeyId: string;
      hasSessionToken: boolean;
      region: string;
      expiresAt: Date;
      identity: RegisteredCredential;
    }
  | {
      ok: false;
      failure: BedrockApiKeyFailure;
      reason: string;
      accessKeyId?: string;
      hasSessionToken: boolean;
      region?: string;
    };

/** Options for {@link verifyBedrockApiKey}. */
export interface VerifyBedrockApiKeyOptions {
  credentials: CredentialRegistry;
  /** The region the key must be minted for. */
  region: string;
  /** @default Date.now */
  now?: () => number;
}

const MODEL_PATH = /^\/model\/([^/]+)\/(converse|invoke)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
// Query parameters the signer adds itself when presigning again.
const PRESIGN_PARAMS = new Set([
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
]);

/** Splits a raw query without URLSearchParams, which would wrongly turn `+` into a space. */
function splitQuery(raw: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  try {
    for (const part of raw.split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      pairs.push([
        decodeURIComponent(eq === -1 ? part : part.slice(0, eq)),
        eq === -1 ? "" : decodeURIComponent(part.slice(eq + 1)),
      ]);
    }
  } catch {
    return undefined;
  }
  return pairs;
}

/**
 * Verifies a short-term Bedrock API key: `bedrock-api-key-` + base64 of a presigned SigV4 URL
 * (`<host>/?Action=CallWithBearerToken&X-Amz-…&X-Amz-Signature=…` + `&Version=1`), as
 * `@aws/bedrock-token-generator` mints it. The URL is presigned again with `@smithy/signature-v4`
 * using the issuing key's secret from the registry and compared; the scope must name service
 * `bedrock` and `options.region`, and `X-Amz-Date + X-Amz-Expires` (at most 12 hours) must lie
 * after `now`, as must the issuing key's own expiration.
 *
 * @example
 * const result = await verifyBedrockApiKey(token, { credentials: registry, region: "us-east-1" });
 * if (!result.ok) refuse(result.failure);
 */
export async function verifyBedrockApiKey(
  token: string,
  options: VerifyBedrockApiKeyOptions,
): Promise<BedrockApiKeyVerification> {
  let hasSessionToken = false;
  let scope: { accessKeyId?: string; region?: string } = {};
  const fail = (failure: BedrockApiKeyFailure, reason: string): BedrockApiKeyVerification => ({
    ok: false,
    failure,
    reason,
    hasSessionToken,
    ...scope,
  });

  if (!token.startsWith(BEDROCK_SHORT_TERM_KEY_PREFIX))
    return fail("malformed", `the key does not start with '${BEDROCK_SHORT_TERM_KEY_PREFIX}'`);
  const encoded = token.slice(BEDROCK_SHORT_TERM_KEY_PREFIX.length);
  if (!BASE64.test(encoded)) return fail("malformed", "the key is not base64 after its prefix");
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const question = decoded.indexOf("?");
  const slash = decoded.indexOf("/");
  if (question === -1 || slash === -1 || slash > question)
    return fail("malformed", "the key does not hold a presigned URL");
  const host = decoded.slice(0, slash);
  const path = decoded.slice(slash, question);
  const pairs = splitQuery(decoded.slice(question + 1));
  if (pairs === undefined || pairs.length === 0)
    return fail("malformed", "the presigned URL's query is not percent-encoded");
  // The generator appends the token version after the signature; it is not signed.
  const last = pairs.at(-1)!;
  if (last[0] !== "Version" || last[1] !== "1")
    return fail("malformed", "the key does not end with its token version (Version=1)");
  const signed = pairs.slice(0, -1);
  const query: Record<string, string> = {};
  for (const [key, value] of signed) {
    if (key in query) return fail("malformed", `the query repeats '${key}'`);
    query[key] = value;
  }

  const credential = CREDENTIAL.exec(query["X-Amz-Credential"] ?? "");
  if (credential === null) return fail("malformed", "X-Amz-Credential is missing or malformed");
  const [, accessKeyId, scopeDate, region, service] = credential as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  scope = { accessKeyId, region };
  hasSessionToken = query["X-Amz-Security-Token"] !== undefined;
  if (query.Action !== BEDROCK_BEARER_ACTION)
    return fail("malformed", `the presigned URL is not for Action=${BEDROCK_BEARER_ACTION}`);
  if (query["X-Amz-Algorithm"] !== "AWS4-HMAC-SHA256")
    return fail("malformed", "X-Amz-Algorithm is not AWS4-HMAC-SHA256");
  if (service !== "bedrock")
    return fail("signature-mismatch", `the key is scoped to service '${service}', not 'bedrock'`);
  const signature = query["X-Amz-Signature"] ?? "";
  if (!SIGNATURE.test(signature)) return fail("malformed", "X-Amz-Signature is malformed");
  const amzDate = query["X-Amz-Date"] ?? "";
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined || !amzDate.startsWith(scopeDate))
    return fail("malformed", "X-Amz-Date is missing, malformed or outside the credential scope");
  const expires = query["X-Amz-Expires"] ?? "";
  const expiresIn = /^\d{1,6}$/.test(expires) ? Number(expires) : Number.NaN;
  if (!(expiresIn >= 1 && expiresIn <= BEDROCK_SHORT_TERM_KEY_MAX_SECONDS)) {
    return fail(
      "malformed",
      `X-Amz-Expires must be 1..${BEDROCK_SHORT_TERM_KEY_MAX_SECONDS} seconds`,
    );
  }
  if (region !== options.region) {
    return fail(
      "wrong-region",
      `the key was minted for region '${region}', this endpoint serves '${options.region}'`,
    );
  }

  const identity = options.credentials.get(accessKeyId);
  if (identity === undefined)
    return fail(
      "unknown-access-key",
      "the key was minted by an access key the emulator does not know",
    );
  const now = (options.now ?? Date.now)();
  const expiresAt = new Date(signingDate.getTime() + expiresIn * 1000);
  if (expiresAt.getTime() <= now)
    return fail("expired", "the key is past X-Amz-Date + X-Amz-Expires");
  if (identity.expiration !== undefined && identity.expiration.getTime() <= now)
    return fail("expired", "the credentials that minted the key have expired");
  if (identity.sessionToken !== undefined) {
    if (query["X-Amz-Security-Token"] !== identity.sessionToken) {
      return fail(
        "session-token-mismatch",
        "the key's session token is missing or does not belong to its access key",
      );
    }
  } else if (hasSessionToken) {
    return fail("session-token-mismatch", "a session token came with a long-term access key");
  }

  const unsigned: Record<string, string> = {};
  for (const [key, value] of signed) if (!PRESIGN_PARAMS.has(key)) unsigned[key] = value;
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      ...(identity.sessionToken !== undefined && { sessionToken: identity.sessionToken }),
    },
  });
  // The generator presigns a POST with only `host` signed; the method is not in the URL.
  const presigned = await signer.presign(
    new HttpRequest({
      method: "POST",
      protocol: "https:",
      hostname: host,
      path,
      query: unsigned,
      headers: { host },
    }),
    { signingDate, expiresIn },
  );
  // Every presign parameter must be what the signer writes, or the key claims what it did not sign.
  for (const key of PRESIGN_PARAMS) {
    if (key === "X-Amz-Signature" || presigned.query?.[key] === query[key]) continue;
    return fail("signature-mismatch", `the key's ${key} is not what was signed`);
  }
  const expected = presigned.query?.["X-Amz-Signature"];
  if (
    typeof expected !== "string" ||
    !timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(signature, "hex"))
  ) {
    return fail(
      "signature-mismatch",
      "the key's signature does not match the one calculated for its access key",
    );
  }
  return { ok: true, accessKeyId, hasSessionToken, region, expiresAt, identity };
}

function modelOf(request: LoopbackRequest): { modelId: string; action: string } | undefined {
  const match = MODEL_PATH.exec(request.pathname);
  if (match === null || request.method !== "POST") return undefined;
  try {
    return { modelId: decodeURIComponent(match[1]!), action: match[2]! };
  } catch {
    return undefined;
  }
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
 * A bearer key is accepted when it is listed in `apiKeys` (long-term `ABSK…` keys, or a fixed
 * fake such as `exampleKeys.bedrockApiKey` that tests configure by name) or when it is a
 * short-term `bedrock-api-key-…` that {@link verifyBedrockApiKey} accepts. Refused keys answer
 * 403 with `{"Message":"Authentication failed: Please make sure your API Key is valid."}`, as
 * Bedrock does, and `x-amzn-ErrorType` `ExpiredTokenException` (expired key or expired issuing
 * credentials) or `UnrecognizedClientException` (anything else).
 *
 * @example
 * const bedrock = await startBedrockEmulator({ apiKeys: ["ABSKtest-key"] });
 * const client = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * await client.send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [{ role: "user", content: [{ text: "hi" }] }] }));
 * bedrock.calls[0]; // { op: "Converse", auth: "sigv4", accessKeyId: "AKIAIOSFODNN7EXAMPLE", modelId: "anthropic.claude-3-haiku-20240307-v1:0", … }
 */
export async function startBedrockEmulator(
  options: BedrockEmulatorOptions = {},
): Promise<BedrockEmulator> {
  const registry = options.registry ?? createCredentialRegistry();
  const region = options.region ?? "us-east-1";
  const now = options.now ?? Date.now;
  const longTermKeys = new Set(options.apiKeys ?? []);
  const reply =
    options.reply ?? ((input: BedrockReplyInput) => `emulated reply from ${input.modelId}`);

  const handle = (request: LoopbackRequest, call: BedrockCall): LoopbackResponse => {
    const modelId = call.modelId ?? "";
    if (call.op === "InvokeModel") {
      const text = reply({ modelId, body: call.body, lastUserText: request.body.toString("utf8") });
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
    const input = lastUserText(call.body);
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
  };

  const authenticateBearer = async (
    token: string,
    call: BedrockCall,
    fail: ServiceFail,
  ): Promise<LoopbackResponse | undefined> => {
    const refuseKey = (code: string): LoopbackResponse => {
      const response = fail(403, code, BEDROCK_API_KEY_REFUSED_MESSAGE);
      const headers = { ...response.headers };
      if (options.apiKeyRefusalErrorType === false) delete headers["x-amzn-errortype"];
      return {
        ...response,
        headers,
        body: JSON.stringify({ Message: BEDROCK_API_KEY_REFUSED_MESSAGE }),
      };
    };

    if (longTermKeys.has(token)) {
      call.apiKeyKind = token.startsWith(BEDROCK_SHORT_TERM_KEY_PREFIX)
        ? "short-term"
        : "long-term";
      return undefined;
    }
    if (!token.startsWith(BEDROCK_SHORT_TERM_KEY_PREFIX)) {
      call.apiKeyKind = "long-term";
      return refuseKey("UnrecognizedClientException");
    }
    call.apiKeyKind = "short-term";
    const verified = await verifyBedrockApiKey(token, { credentials: registry, region, now });
    if (verified.accessKeyId !== undefined) call.accessKeyId = verified.accessKeyId;
    if (verified.region !== undefined) call.region = verified.region;
    call.hasSessionToken = verified.hasSessionToken;
    if (!verified.ok) {
      return refuseKey(
        verified.failure === "expired" ? "ExpiredTokenException" : "UnrecognizedClientException",
      );
    }
    call.apiKeyExpiresAt = verified.expiresAt;
    return undefined;
  };

  const emulator = await startServiceEmulator<BedrockCall>({
    service: "bedrock-runtime",
    signingName: "bedrock",
    dialect: "json",
    registry,
    region: options.region,
    now,
    authenticateBearer,
    route: (request) => {
      const model = modelOf(request);
      if (model === undefined) return undefined;
      return {
        op: model.action === "converse" ? "Converse" : "InvokeModel",
        record: { modelId: model.modelId },
      };
    },
    handle,
    throttle: { status: 429, code: "ThrottlingException" },
    internal: { status: 500, code: "InternalServerException" },
  });
  return Object.assign(emulator, { region });
}
