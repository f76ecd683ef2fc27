import { isCredchainError } from "../core/CredchainError.js";
import { readField } from "../core/safeRead.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; extendedRequestId?: unknown };
  $retryable?: { throttling?: unknown };
}

const text = (value: unknown, max = 128): string | undefined =>
  typeof value === "string" && value !== "" && value.length <= max && /^[\w.:/+=@-]+$/.test(value)
    ? value
    : undefined;

/**
 * What credchain keeps of an error thrown by an AWS SDK client, an HTTP agent or a socket: its
 * name, code, HTTP status, request ID and fault side — and nothing else. SDK errors carry the
 * service's message text, which may echo the request (a `CreateSecret` 400 can quote the secret
 * being written), and `$response` bodies; neither may reach a credchain error's `cause`.
 *
 * The summary is an `Error` whose message is built from those fields only, so `util.inspect`,
 * `JSON.stringify` and loggers show no value.
 */
export class SdkErrorSummary extends Error {
  /** The SDK's error code (`code`, `Code` or the exception name), e.g. `ENOTFOUND`. */
  readonly code: string | undefined;
  /** The HTTP status of the failed request, when one was answered. */
  readonly httpStatusCode: number | undefined;
  /** The AWS request ID, for a support case. */
  readonly requestId: string | undefined;
  /** `client` or `server`, as the SDK classified the failure. */
  readonly fault: "client" | "server" | undefined;
  /** Whether the SDK marked it as throttling. */
  readonly throttling: boolean;

  constructor(error: unknown) {
    // Read field by field, defensively: the error may be a Proxy or have throwing getters.
    const metadata = readField(error, "$metadata");
    const retryable = readField(error, "$retryable");
    const e: SdkErrorShape = {
      name: readField(error, "name"),
      code: readField(error, "code"),
      errno: readField(error, "errno"),
      $fault: readField(error, "$fault"),
      $metadata: {
        httpStatusCode: readField(metadata, "httpStatusCode"),
        requestId: readField(metadata, "requestId"),
      },
      $retryable: { throttling: readField(retryable, "throttling") },
    };
    const name = text(e.name) ?? "Error";
    const code = text(e.code) ?? (typeof e.errno === "string" ? text(e.errno) : undefined);
    const status =
      typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
    const requestId = text(e.$metadata?.requestId);
    const details = [
      code !== undefined && code !== name ? code : undefined,
      status === undefined ? undefined : `HTTP ${status}`,
      requestId === undefined ? undefined : `request ID ${requestId}`,
    ].filter((d) => d !== undefined);
    super(details.length === 0 ? name : `${name} (${details.join(", ")})`);
    this.name = name;
    this.code = code;
    this.httpStatusCode = status;
    this.requestId = requestId;
    this.fault = e.$fault === "client" || e.$fault === "server" ? e.$fault : undefined;
    this.throttling = e.$retryable?.throttling === true;
    // The stack would show where the summary was made, not the SDK's frames: drop it.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** The fields above, for logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      httpStatusCode: this.httpStatusCode,
      requestId: this.requestId,
      fault: this.fault,
    };
  }

  /** As `toJSON()`, so `util.inspect` prints no stack noise. */
  [INSPECT](): string {
    return `SdkErrorSummary ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * The cause credchain attaches for `error`: credchain errors as they are (they never carry
 * values), anything else as an {@link SdkErrorSummary}. `undefined` stays `undefined`.
 */
export function safeCause(error: unknown): unknown {
  if (error === undefined || isCredchainError(error)) return error;
  return isSummary(error) ? error : new SdkErrorSummary(error);
}

/** `instanceof`, which a Proxy's getPrototypeOf trap could make throw. */
function isSummary(error: unknown): error is SdkErrorSummary {
  try {
    return error instanceof SdkErrorSummary;
  } catch {
    return false;
  }
}

/** The name a message may quote for a failure: the SDK error's code, else its name. */
export function errorLabel(error: unknown): string {
  if (typeof error !== "object" || error === null) return "unknown error";
  const summary = isSummary(error) ? error : new SdkErrorSummary(error);
  return summary.code ?? summary.name;
}
