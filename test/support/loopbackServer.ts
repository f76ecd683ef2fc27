// The HTTP plumbing every emulator shares: a node:http server on 127.0.0.1 port 0 that buffers
// each (size-capped) body, runs scripted faults, and closes every socket on close().
import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultInjector } from "./faults.js";

// Captured at load so a test's vi.useFakeTimers() cannot freeze a `delay` fault forever.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** A received request with its body fully read. */
export interface LoopbackRequest {
  method: string;
  /** Path and query as received, still percent-encoded. */
  url: string;
  /** The decoded-once path without the query. */
  pathname: string;
  searchParams: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  raw: IncomingMessage;
}

/** A response an emulator handler returns. */
export interface LoopbackResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * What a scripted fault asks of the handler: answer with the protocol's throttling error or
 * internal error, or drop the connection. `undefined`: serve normally (a `delay` has elapsed).
 */
export type FaultOutcome = "throttle" | "500" | "reset" | undefined;

/** Handlers receive the request plus a helper that applies any scripted fault for an operation. */
export type LoopbackHandler = (
  request: LoopbackRequest,
  context: { applyFault: (op: string) => Promise<FaultOutcome> },
) => Promise<LoopbackResponse | "reset"> | LoopbackResponse | "reset";

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  /** Stops listening, destroys open sockets, cancels pending delays. Safe to call twice. */
  close(): Promise<void>;
}

/** Bodies beyond this are refused with 413, so a runaway client cannot exhaust memory. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_DELAY_MS = 50;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Starts a node:http server on 127.0.0.1, port 0, that runs `handler` for every request.
 * A `delay` fault waits (on real timers) and yields `undefined` (serve normally); `reset`,
 * `throttle` and `500` are returned for the handler to answer in its protocol's shape.
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const faults = new FaultInjector();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closed = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { timer: realSetTimeout(() => done(), ms), resolve: () => done() };
      function done() {
        realClearTimeout(entry.timer);
        timers.delete(entry);
        resolve();
      }
      timers.add(entry);
    });

  const applyFault = async (op: string): Promise<FaultOutcome> => {
    const fault = faults.take(op);
    if (fault === undefined) return undefined;
    if (fault.kind === "delay") {
      await wait(fault.delayMs ?? DEFAULT_DELAY_MS);
      return undefined;
    }
    return fault.kind;
  };

  const respond = (res: ServerResponse, response: LoopbackResponse) => {
    if (res.destroyed || res.headersSent) return;
    const body = response.body ?? "";
    res.writeHead(response.status, {
      "content-length": String(Buffer.byteLength(body)),
      ...response.headers,
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (body === undefined) {
        respond(res, { status: 413, body: "request body too large" });
        return;
      }
      const url = req.url ?? "/";
      const parsed = new URL(url, "http://127.0.0.1");
      const result = await handler(
        {
          method: req.method ?? "GET",
          url,
          pathname: parsed.pathname,
          searchParams: parsed.searchParams,
          headers: req.headers,
          body,
          raw: req,
        },
        { applyFault },
      );
      if (closed) return;
      if (result === "reset") {
        req.socket.destroy();
        return;
      }
      respond(res, result);
    })().catch((error: unknown) => {
      respond(res, {
        status: 500,
        headers: { "content-type": "text/plain" },
        body: `emulator error: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const entry of [...timers]) entry.resolve();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
