// The scripted-fault step every AWS emulator runs once a request is authenticated and its
// operation known: record the fault on the call, drop the connection, or answer the protocol's
// throttling or internal error.
import type { FaultOutcome, LoopbackResponse } from "./loopbackServer.js";

/** The fields of a call log entry a fault writes. */
export interface FaultedCall {
  /** The HTTP status answered; 0 when the connection was reset. */
  status: number;
  /** The scripted fault that shaped this response, if any. */
  fault?: "throttle" | "500" | "reset";
}

/** How a service answers a `throttle` and a `500` fault. */
export interface FaultReplies {
  /** Answered with the message `Rate exceeded`. */
  throttle: { status: number; code: string };
  internal: { status: number; code: string; message: string };
}

/**
 * Applies the scripted fault for `op`, if any (a `delay` or a held request waits inside
 * `applyFault`). Returns `"reset"` (the call's status becomes 0), the error `fail` renders for a
 * `throttle` or `500`, or `undefined` when the request should be served normally.
 *
 * @example
 * const faulted = await applyCallFault(applyFault, op, call, fail, replies);
 * if (faulted !== undefined) return faulted;
 */
export async function applyCallFault(
  applyFault: (op: string) => Promise<FaultOutcome>,
  op: string,
  call: FaultedCall,
  fail: (status: number, code: string, message: string) => LoopbackResponse,
  replies: FaultReplies,
): Promise<LoopbackResponse | "reset" | undefined> {
  const fault = await applyFault(op);
  if (fault !== undefined) call.fault = fault;
  if (fault === "reset") {
    call.status = 0;
    return "reset";
  }
  if (fault === "throttle")
    return fail(replies.throttle.status, replies.throttle.code, "Rate exceeded");
  if (fault === "500")
    return fail(replies.internal.status, replies.internal.code, replies.internal.message);
  return undefined;
}
