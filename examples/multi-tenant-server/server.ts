import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import type { MultiTenantAppOptions } from "./app.js";

/** Options of {@link startServer}: the app's, plus where to listen. */
export interface StartServerOptions extends MultiTenantAppOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  hostname?: string;
}

/** A running server. */
export interface RunningServer {
  /** `http://<host>:<port>`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the multi-tenant API with `@hono/node-server`.
 *
 * @example
 * ```ts
 * const server = await startServer({ resolver, tokens, port: 3000 });
 * console.log(`listening on ${server.url}`);
 * ```
 */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  const hostname = options.hostname ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname },
      (info: AddressInfo) => {
        resolve({
          url: `http://${hostname}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
