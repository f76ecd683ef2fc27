// The shared shape of the data-plane emulators (Bedrock runtime, Polly, SESv2, S3): verify the
// caller (SigV4, or a bearer key where the service accepts one), apply scripted faults, record
// what was seen, then let the service answer.
import { randomUUID } from "node:crypto";
import { applyCallFault } from "./applyCallFault.js";
import type { FaultedCall } from "./applyCallFault.js";
import { callLog } from "./callLog.js";
import type { CallLog } from "./callLog.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { FaultInjector } from "./faults.js";
import { startLoopbackServer } from "./loopbackServer.js";
import type { LoopbackRequest, LoopbackResponse } from "./loopbackServer.js";
import { authErrorFor } from "./sigv4.js";
import { verifyCaller } from "./verifyCaller.js";
import type { SignedCall } from "./verifyCaller.js";

/** How a request authenticated. */
export type ServiceAuth = "sigv4" | "bearer" | "none";

/** One request to a data-plane emulator. */
export interface ServiceCall extends SignedCall, FaultedCall {
  /** `bedrock-runtime`, `polly`, `sesv2` or `s3`. */
  service: string;
  /** `Converse`, `InvokeModel`, `SynthesizeSpeech`, `SendEmail`, `PutObject`, `GetObject`, … */
  op: string;
  auth: ServiceAuth;
  /** The bearer key sent (Bedrock API keys), verbatim: these are test keys. */
  bearerToken?: string;
  method: string;
  /** The request path, percent-decoded. */
  path: string;
  /** Bedrock: the model ID from the path. */
  modelId?: string;
  /** S3: the bucket and key. */
  bucket?: string;
  key?: string;
  /** Parsed JSON for JSON services, the (decoded) bytes for S3, `undefined` when empty. */
  body: unknown;
  /** The error code of an error response. */
  errorCode?: string;
}

/** What every data-plane emulator exposes. */
export interface ServiceEmulator<Call extends ServiceCall = ServiceCall> extends CallLog<Call> {
  /** Endpoint for the client's `endpoint` option or its `AWS_ENDPOINT_URL_<SERVICE>` variable. */
  readonly url: string;
  readonly registry: CredentialRegistry;
  /** Scripted failures by operation name. */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

/** A route match: the operation, plus fields to record. */
export interface RouteMatch {
  op: string;
  record?: Pick<ServiceCall, "modelId" | "bucket" | "key">;
}

/** Renders an error in the service's shape and records its status and code on the call. */
export type ServiceFail = (
  status: number,
  code: string,
  message: string,
  extra?: Record<string, string>,
) => LoopbackResponse;

/** How one service speaks; used by the `start*Emulator` functions. */
export interface ServiceDefinition<Call extends ServiceCall = ServiceCall> {
  service: string;
  /** The SigV4 signing name (`bedrock`, `polly`, `ses`, `s3`). */
  signingName: string;
  dialect: "json" | "s3";
  registry: CredentialRegistry;
  /** Refuse SigV4 signatures scoped to another region; any region when unset. */
  region?: string;
  /** Clock for key expiry. @default Date.now */
  now?: () => number;
  /**
   * Checks an `Authorization: Bearer` key (Bedrock API keys) and records what it learns on the
   * call; returns the refusal (rendered with `fail`), or `undefined` to serve the request. Unset:
   * every bearer key is refused (403 `UnrecognizedClientException`).
   */
  authenticateBearer?(
    token: string,
    call: Call,
    fail: ServiceFail,
  ): LoopbackResponse | undefined | Promise<LoopbackResponse | undefined>;
  /** Maps a request to an operation; `undefined` answers 404. */
  route(request: LoopbackRequest): RouteMatch | undefined;
  /** Answers an authenticated, unfaulted request. Throw {@link ServiceFailure} for a modelled error. */
  handle(request: LoopbackRequest, call: Call): LoopbackResponse | Promise<LoopbackResponse>;
  /** The body to record (defaults to parsed JSON). */
  recordBody?(request: LoopbackRequest): unknown;
  throttle: { status: number; code: string };
  internal: { status: number; code: string };
}

/** A modelled error a handler raises; rendered in the service's error shape. */
export class ServiceFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders an error in the REST-JSON or S3 XML shape. */
export function errorResponse(
  dialect: "json" | "s3",
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): LoopbackResponse {
  const requestId = randomUUID();
  if (dialect === "json") {
    return {
      status,
      headers: {
        "content-type": "application/json",
        "x-amzn-errortype": code,
        "x-amzn-requestid": requestId,
      },
      body: JSON.stringify({ message }),
    };
  }
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join("");
  return {
    status,
    headers: { "content-type": "application/xml", "x-amz-request-id": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${fields}<RequestId>${requestId}</RequestId></Error>`,
  };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return body.toString("utf8");
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Starts a data-plane emulator from its definition. */
export async function startServiceEmulator<Call extends ServiceCall = ServiceCall>(
  definition: ServiceDefinition<Call>,
): Promise<ServiceEmulator<Call>> {
  const calls: Call[] = [];
  const { dialect } = definition;

  const server = await startLoopbackServer(async (request, { applyFault }) => {
    const route = definition.route(request);
    // The service's own fields (Bedrock's API key kind) are optional; its hooks add them.
    const call = {
      service: definition.service,
      op: route?.op ?? "(unknown)",
      auth: "none",
      hasSessionToken: false,
      method: request.method,
      path: safeDecode(request.pathname),
      ...route?.record,
      body: definition.recordBody?.(request) ?? parseJson(request.body),
      status: 200,
    } satisfies ServiceCall as Call;
    calls.push(call);
    const fail: ServiceFail = (status, code, message, extra) => {
      call.status = status;
      call.errorCode = code;
      return errorResponse(dialect, status, code, message, extra);
    };

    const authorization = request.headers.authorization ?? "";
    if (/^Bearer /i.test(authorization)) {
      const token = authorization.slice("Bearer ".length).trim();
      call.auth = "bearer";
      call.bearerToken = token;
      const refusal =
        definition.authenticateBearer === undefined
          ? fail(
              403,
              "UnrecognizedClientException",
              "Authentication failed: the API key is not valid.",
            )
          : await definition.authenticateBearer(token, call, fail);
      if (refusal !== undefined) return refusal;
    } else {
      const auth = await verifyCaller(request, call, {
        credentials: definition.registry,
        service: definition.signingName,
        ...(definition.now !== undefined && { now: definition.now }),
        ...(definition.region !== undefined && { region: definition.region }),
      });
      if (!auth.ok) {
        const { code, message } = authErrorFor(auth.failure, dialect, auth.reason);
        return fail(403, code, message);
      }
      call.auth = "sigv4";
    }

    if (route === undefined)
      return fail(404, "UnknownOperationException", "No emulated operation at this path.");

    const faulted = await applyCallFault(applyFault, route.op, call, fail, {
      throttle: definition.throttle,
      internal: { ...definition.internal, message: "An internal error occurred." },
    });
    if (faulted !== undefined) return faulted;

    try {
      const response = await definition.handle(request, call);
      call.status = response.status;
      return response;
    } catch (error) {
      if (error instanceof ServiceFailure)
        return fail(error.status, error.code, error.message, error.extra);
      throw error;
    }
  });

  return {
    url: server.url,
    registry: definition.registry,
    faults: server.faults,
    ...callLog(calls),
    close: () => server.close(),
  };
}
