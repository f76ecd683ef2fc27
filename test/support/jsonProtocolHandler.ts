// The AWS JSON 1.1 protocol as the Secrets Manager and Parameter Store emulators speak it: the
// operation from `X-Amz-Target`, a SigV4 check, unknown-operation and bad-JSON errors, scripted
// faults, schema validation, a call log entry per request and `{"__type","message"}` error bodies.
// Each emulator keeps its operations; this is only the prelude and the rendering around them.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { applyCallFault } from "./applyCallFault.js";
import type { FaultedCall } from "./applyCallFault.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { LoopbackHandler, LoopbackResponse } from "./loopbackServer.js";
import { authErrorFor } from "./sigv4.js";
import { validationMessage } from "./validationMessage.js";
import { verifyCaller } from "./verifyCaller.js";
import type { SignedCall } from "./verifyCaller.js";

/** The fields every JSON-protocol call log entry has. */
export interface JsonProtocolCall extends SignedCall, FaultedCall {
  /** The operation named by `X-Amz-Target` (`(none)` without one), emulated or not. */
  op: string;
  /** The `__type` of an error response. */
  errorType?: string;
}

/** Who signed a request, as an operation handler sees it. */
export interface JsonCaller {
  accessKeyId: string;
  /** The signing principal's ARN (for `AccessDeniedException` messages). */
  arn: string;
}

/** A modelled error an operation throws; answered as `{"__type": type, "message"}` with `status`. */
export class JsonServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** One JSON 1.1 service, for {@link jsonProtocolHandler}. */
export interface JsonProtocol<Op extends string, Call extends JsonProtocolCall> {
  /** The `X-Amz-Target` prefix, dot included: `secretsmanager.`, `AmazonSSM.`. */
  targetPrefix: string;
  /** The SigV4 signing name (`secretsmanager`, `ssm`). */
  signingName: string;
  registry: CredentialRegistry;
  /** Refuse signatures scoped to another region; any region when unset. */
  region?: string;
  /** Clock for key expiry. @default Date.now */
  now?: () => number;
  /** The emulated operations; any other answers `UnknownOperationException`. */
  operations: readonly Op[];
  /** Each operation's input; a failed parse answers `ValidationException`. */
  schemas: Record<Op, z.ZodType>;
  /** Each operation's answer to a valid input; throw {@link JsonServiceError} for a modelled error. */
  handlers: Record<Op, (input: never, caller: JsonCaller) => unknown>;
  /** The `__type` a scripted `500` answers with (`InternalServiceError`, `InternalServerError`). */
  internalErrorType: string;
  /** The call log entry for a request: `body` is the parsed JSON, `undefined` when it is not JSON. */
  newCall(op: string, body: unknown): Call;
  /** The log each request's entry is pushed to, in arrival order. */
  calls: Call[];
  /** Runs after scripted faults, before validation; a returned error refuses the request. */
  admit?(op: Op, call: Call): JsonServiceError | undefined;
}

/**
 * A {@link LoopbackHandler} that speaks the AWS JSON 1.1 protocol. In order: the operation from
 * `X-Amz-Target`, the body as JSON, the call log entry, the SigV4 check (400 with the JSON
 * dialect's code), unknown operation (400 `UnknownOperationException`), bad JSON (400
 * `SerializationException`), the scripted fault (throttle: 400 `ThrottlingException`; 500:
 * `internalErrorType`), `admit`, schema validation (400 `ValidationException`), the handler.
 *
 * @example
 * const server = await startLoopbackServer(jsonProtocolHandler({ targetPrefix: "AmazonSSM.", signingName: "ssm", … }));
 */
export function jsonProtocolHandler<Op extends string, Call extends JsonProtocolCall>(
  protocol: JsonProtocol<Op, Call>,
): LoopbackHandler {
  const { targetPrefix, registry, operations, schemas, handlers } = protocol;
  const isOperation = (op: string): op is Op => (operations as readonly string[]).includes(op);

  const json = (status: number, payload: unknown): LoopbackResponse => ({
    status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() },
    body: JSON.stringify(payload),
  });

  return async (request, { applyFault }) => {
    const target = request.headers["x-amz-target"];
    const op =
      typeof target === "string" && target.startsWith(targetPrefix)
        ? target.slice(targetPrefix.length)
        : "(none)";
    let body: unknown;
    try {
      body = request.body.length === 0 ? {} : JSON.parse(request.body.toString("utf8"));
    } catch {
      body = undefined;
    }
    const call = protocol.newCall(op, body);
    protocol.calls.push(call);
    const error = (status: number, type: string, message: string) => {
      call.status = status;
      call.errorType = type;
      return json(status, { __type: type, message });
    };

    const auth = await verifyCaller(request, call, {
      credentials: registry,
      service: protocol.signingName,
      ...(protocol.now !== undefined && { now: protocol.now }),
      ...(protocol.region !== undefined && { region: protocol.region }),
    });
    if (!auth.ok) {
      const { code, message } = authErrorFor(auth.failure, "json", auth.reason);
      return error(400, code, message);
    }
    if (!isOperation(op))
      return error(400, "UnknownOperationException", `Operation '${op}' is not emulated.`);
    if (body === undefined)
      return error(400, "SerializationException", "The request body is not valid JSON.");

    const faulted = await applyCallFault(applyFault, op, call, error, {
      throttle: { status: 400, code: "ThrottlingException" },
      internal: {
        status: 500,
        code: protocol.internalErrorType,
        message: "An error occurred on the server side.",
      },
    });
    if (faulted !== undefined) return faulted;

    const refusal = protocol.admit?.(op, call);
    if (refusal !== undefined) return error(refusal.status, refusal.type, refusal.message);
    const parsed = schemas[op].safeParse(body);
    if (!parsed.success) return error(400, "ValidationException", validationMessage(parsed.error));
    try {
      const handler = handlers[op] as (input: unknown, caller: JsonCaller) => unknown;
      return json(
        200,
        handler(parsed.data, { accessKeyId: auth.accessKeyId, arn: auth.identity.arn }),
      );
    } catch (e) {
      if (e instanceof JsonServiceError) return error(e.status, e.type, e.message);
      throw e;
    }
  };
}
