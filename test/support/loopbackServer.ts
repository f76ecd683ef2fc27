// The HTTP plumbing every emulator shares: one port on 127.0.0.1 that speaks HTTP/1.1 and
// cleartext HTTP/2 (the Bedrock runtime and Polly clients use NodeHttp2Handler), buffers each
// size-capped body, runs scripted faults, and destroys every socket on close().
import { createServer as createHttp1Server } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { constants as http2Constants, createServer as createHttp2Server } from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { Duplex } from "node:stream";
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
  /** Lower-case header names; over HTTP/2 also the `:authority`, `:path`, … pseudo-headers. */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `"1.1"` or `"2.0"`. */
  httpVersion: string;
  raw: IncomingMessage | Http2ServerRequest;
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

const HTTP2_PREFACE_START = "PRI";

/**
 * Hands an HTTP/2 connection to the http2 server through a plain Duplex: the http2 server reads a
 * net.Socket's handle directly and would miss the preface bytes already read to sniff it.
 */
function replayingDuplex(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => {
      socket.resume();
    },
    write: (chunk: Buffer, _encoding, callback) => {
      socket.write(chunk, callback);
    },
    final: (callback) => {
      socket.end();
      callback();
    },
    destroy: (error, callback) => {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(first);
  socket.on("data", (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("close", () => duplex.destroy());
  duplex.on("error", () => undefined);
  return duplex;
}

function readBody(req: IncomingMessage | Http2ServerRequest): Promise<Buffer | undefined> {
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
 * A `delay` fault waits (on real timers) and yields `undefined` (serve normally); a fault with
 * `until` is held until that promise settles (or the server closes), then applied; `reset`,
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

  const holds = new Set<() => void>();
  const hold = (until: PromiseLike<unknown>) =>
    new Promise<void>((resolve) => {
      const done = () => {
        holds.delete(done);
        resolve();
      };
      holds.add(done);
      Promise.resolve(until).then(done, done);
    });

  const applyFault = async (op: string): Promise<FaultOutcome> => {
    const fault = faults.take(op);
    if (fault === undefined) return undefined;
    if (fault.until !== undefined) {
      await hold(fault.until);
      return fault.kind === "delay" ? undefined : fault.kind;
    }
    if (fault.kind === "delay") {
      await wait(fault.delayMs ?? DEFAULT_DELAY_MS);
      return undefined;
    }
    return fault.kind;
  };

  const respond = (res: ServerResponse | Http2ServerResponse, response: LoopbackResponse) => {
    const gone = "stream" in res ? res.stream.destroyed : res.destroyed;
    if (gone || res.headersSent || res.writableEnded) return;
    const body = response.body ?? "";
    try {
      res.writeHead(response.status, {
        "content-length": String(Buffer.byteLength(body)),
        ...response.headers,
      });
      res.end(body);
    } catch {
      // The client went away between the check and the write; there is no one to answer.
    }
  };

  const listener = (
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
  ) => {
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
          httpVersion: req.httpVersion,
          raw: req,
        },
        { applyFault },
      );
      if (closed) return;
      if (result === "reset") {
        if ("stream" in req) req.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
        else req.socket.destroy();
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
  };

  const http1 = createHttp1Server(listener);
  const http2 = createHttp2Server(listener);
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.once("data", (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, 3).toString("latin1") === HTTP2_PREFACE_START) {
        http2.emit("connection", replayingDuplex(socket, first));
        return;
      }
      socket.unshift(first);
      http1.emit("connection", socket);
      socket.resume();
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
      for (const done of [...holds]) done();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
