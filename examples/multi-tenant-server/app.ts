// The multi-tenant HTTP API on Hono: each merchant stores and uses its own AWS credentials.
// Library code comes from the source tree so this example is type-checked against it.
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isCredchainError, mask } from "../../src/index.js";
import type { Logger, TenantResolver } from "../../src/index.js";

/** Options of {@link createApp}. */
export interface MultiTenantAppOptions {
  /** The tenant resolver that owns credentials. */
  resolver: TenantResolver;
  /**
   * Who a bearer token belongs to: a map of token → merchant id, or a lookup function (a
   * database, a JWT verifier). A token may only act on its own merchant's paths.
   */
  tokens: Readonly<Record<string, string>> | ((token: string) => Promise<string | undefined>);
  /** Request log (method, route, status) and errors; never bodies. */
  logger?: Logger;
  /** Largest accepted request body. @default 16_384 */
  maxBodyBytes?: number;
}

type Env = { Variables: { merchantId: string } };

const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  TENANT_INVALID_ID: 400,
  TENANT_INVALID_BODY: 400,
  TENANT_METHOD_NOT_ALLOWED: 403,
  TENANT_CREDENTIAL_NOT_FOUND: 404,
  TENANT_CREDENTIAL_EXISTS: 409,
  SOURCE_FAILED: 502,
  TENANT_STORE_FAILED: 502,
  TENANT_STORE_CORRUPT: 500,
  TENANT_STORE_KEY: 500,
};

/**
 * Builds the app: `POST /api/merchants/:merchantId/bedrock/credentials` (store),
 * `GET …/credentials` (list), `PUT …/credentials/:credentialId` (rotate),
 * `DELETE …/credentials/:credentialId`, and `POST …/bedrock/initialize`.
 *
 * @example
 * ```ts
 * const app = createApp({ resolver, tokens: { "merchant-abc-token": "merchant-abc" } });
 * serve({ fetch: app.fetch, port: 3000, hostname: "127.0.0.1" });
 * ```
 */
export function createApp(options: MultiTenantAppOptions): Hono<Env> {
  const { resolver, logger } = options;
  const ownerOf = tokenLookup(options.tokens);
  const app = new Hono<Env>();

  app.use("*", async (c, next) => {
    await next();
    logger?.info?.("request", {
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
    });
  });

  const merchant = app.basePath("/api/merchants/:merchantId");

  merchant.use("*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const owner = token === undefined ? undefined : await ownerOf(token);
    if (owner === undefined) {
      c.header("WWW-Authenticate", 'Bearer realm="merchants"');
      return c.json(
        { error: { code: "UNAUTHORIZED", message: "A valid bearer token is required." } },
        401,
      );
    }
    if (owner !== c.req.param("merchantId")) {
      return c.json(
        {
          error: {
            code: "FORBIDDEN",
            message: "This token does not belong to the merchant in the path.",
          },
        },
        403,
      );
    }
    c.set("merchantId", owner);
    await next();
  });
  merchant.use(
    "*",
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 16_384,
      onError: (c) =>
        c.json(
          { error: { code: "BODY_TOO_LARGE", message: "The request body is too large." } },
          413,
        ),
    }),
  );

  merchant.post("/bedrock/credentials", async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const metadata = await resolver.storeCredentials(c.get("merchantId"), body);
    return c.json({ credential: metadata }, 201);
  });

  merchant.get("/bedrock/credentials", async (c) => {
    return c.json({ credentials: await resolver.listCredentials(c.get("merchantId")) });
  });

  merchant.put("/bedrock/credentials/:credentialId", async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const metadata = await resolver.rotateCredentials(
      c.get("merchantId"),
      c.req.param("credentialId"),
      body,
    );
    return c.json({ credential: metadata });
  });

  merchant.delete("/bedrock/credentials/:credentialId", async (c) => {
    const deleted = await resolver.deleteCredentials(
      c.get("merchantId"),
      c.req.param("credentialId"),
    );
    if (!deleted) {
      return c.json(
        { error: { code: "TENANT_CREDENTIAL_NOT_FOUND", message: "No such credential." } },
        404,
      );
    }
    return c.body(null, 204);
  });

  merchant.post("/bedrock/initialize", async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const session = await resolver.initialize(c.get("merchantId"), body);
    const identity = await session.credentials();
    return c.json({
      session: session.toJSON(),
      accessKeyId: mask(identity.accessKeyId, "access-key-id"),
      temporary: identity.sessionToken !== undefined,
    });
  });

  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: "No such route." } }, 404));

  app.onError((error, c) => {
    if (isCredchainError(error)) {
      const status = STATUS_BY_CODE[error.code] ?? 500;
      if (status >= 500) logger?.error?.("request failed", { code: error.code });
      return c.json(
        { error: { code: error.code, message: error.message, hint: error.hint } },
        status,
      );
    }
    logger?.error?.("unexpected error", { name: error instanceof Error ? error.name : "unknown" });
    return c.json({ error: { code: "INTERNAL", message: "Internal error." } }, 500);
  });

  return app;
}

async function jsonBody(c: Context<Env>): Promise<unknown> {
  try {
    return await c.req.json<unknown>();
  } catch {
    return c.json({ error: { code: "INVALID_JSON", message: "The body must be JSON." } }, 400);
  }
}

// Tokens are compared as SHA-256 digests in constant time, so response timing reveals nothing.
function tokenLookup(
  tokens: MultiTenantAppOptions["tokens"],
): (token: string) => Promise<string | undefined> {
  if (typeof tokens === "function") return tokens;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  const entries = Object.entries(tokens).map(([token, merchantId]) => ({
    digest: digest(token),
    merchantId,
  }));
  return async (token) => {
    const candidate = digest(token);
    let owner: string | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, candidate)) owner = entry.merchantId;
    }
    return owner;
  };
}
