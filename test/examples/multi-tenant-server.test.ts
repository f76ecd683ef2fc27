import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startServer } from "../../examples/multi-tenant-server/server.js";
import type { RunningServer } from "../../examples/multi-tenant-server/server.js";
import { createTenantResolver } from "../../src/tenants/createTenantResolver.js";
import type { TenantAuditEvent } from "../../src/tenants/createTenantResolver.js";
import { CANARY_KEYS, CANARY_SECRET, EXAMPLE_KEYS } from "../tenants/fixtures.js";
import { spyStore } from "../tenants/spyStore.js";

const TOKENS = {
  "merchant-abc-token-0001": "merchant-abc",
  "merchant-xyz-token-0002": "merchant-xyz",
};
const ABC = { authorization: "Bearer merchant-abc-token-0001" };
const XYZ = { authorization: "Bearer merchant-xyz-token-0002" };

describe("examples/multi-tenant-server over HTTP", () => {
  let server: RunningServer;
  let store: ReturnType<typeof spyStore>;
  let logs: string[];
  let audit: TenantAuditEvent[];

  beforeEach(async () => {
    store = spyStore();
    logs = [];
    audit = [];
    const line = (level: string) => (message: string, details?: Record<string, unknown>) =>
      logs.push(JSON.stringify({ level, message, ...details }));
    const logger = {
      debug: line("debug"),
      info: line("info"),
      warn: line("warn"),
      error: line("error"),
    };
    const resolver = createTenantResolver({
      store: store.store,
      logger,
      audit: (event) => void audit.push(event),
    });
    server = await startServer({ resolver, tokens: TOKENS, logger });
  });
  afterEach(async () => {
    await server.close();
    // Nothing any request did may have put the canary in a log line or audit event.
    expect(logs.join("\n")).not.toContain(CANARY_SECRET);
    expect(JSON.stringify(audit)).not.toContain(CANARY_SECRET);
  });

  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined
        ? {}
        : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(text).not.toContain(CANARY_SECRET);
    return {
      status: response.status,
      text,
      // Response bodies are probed field by field below; `any` keeps those probes short.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      json: text ? (JSON.parse(text) as Record<string, any>) : {},
    };
  };

  const storeBody = {
    credentialId: "primary-aws-account",
    ...CANARY_KEYS,
    awsRegion: "us-east-2",
    description: "Primary AWS account",
  };

  it("stores credentials and initializes from them, never echoing a secret", async () => {
    const stored = await call(
      "POST",
      "/api/merchants/merchant-abc/bedrock/credentials",
      ABC,
      storeBody,
    );
    expect(stored.status).toBe(201);
    expect(stored.json.credential).toMatchObject({
      tenantId: "merchant-abc",
      credentialId: "primary-aws-account",
      region: "us-east-2",
    });
    expect(stored.text).not.toContain(CANARY_KEYS.awsAccessKeyId);

    const init = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, {
      credentialId: "primary-aws-account",
      modelId: "amazon.nova-micro-v1:0",
      temperature: 0.7,
    });
    expect(init.status).toBe(200);
    expect(init.json).toEqual({
      session: {
        tenantId: "merchant-abc",
        method: "stored",
        region: "us-east-2",
        modelId: "amazon.nova-micro-v1:0",
        temperature: 0.7,
        credentialId: "primary-aws-account",
      },
      accessKeyId: "AKIA…0001",
      temporary: false,
    });

    const listed = await call("GET", "/api/merchants/merchant-abc/bedrock/credentials", ABC);
    expect(listed.json.credentials).toHaveLength(1);
    expect(listed.text).not.toContain(CANARY_KEYS.awsAccessKeyId);
  });

  it("initializes with direct credentials, returning only the masked key ID", async () => {
    const init = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, {
      ...CANARY_KEYS,
      awsRegion: "us-east-2",
      maxTokens: 4096,
    });
    expect(init.status).toBe(200);
    expect(init.json.session).toMatchObject({
      method: "direct",
      region: "us-east-2",
      maxTokens: 4096,
    });
    expect(init.json.accessKeyId).toBe("AKIA…0001");
    expect(init.text).not.toContain(CANARY_KEYS.awsAccessKeyId);
  });

  it.each([
    ["POST", "/api/merchants/merchant-abc/bedrock/credentials", storeBody],
    [
      "POST",
      "/api/merchants/merchant-abc/bedrock/initialize",
      { credentialId: "primary-aws-account" },
    ],
    ["GET", "/api/merchants/merchant-abc/bedrock/credentials", undefined],
    ["PUT", "/api/merchants/merchant-abc/bedrock/credentials/primary-aws-account", EXAMPLE_KEYS],
    ["DELETE", "/api/merchants/merchant-abc/bedrock/credentials/primary-aws-account", undefined],
  ])(
    "answers 403 to %s %s with another merchant's token, touching nothing",
    async (method, path, body) => {
      const response = await call(method, path, XYZ, body);
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe("FORBIDDEN");
      expect(store.calls()).toBe(0);
    },
  );

  it.each([
    ["no Authorization header", {}],
    ["an unknown token", { authorization: "Bearer not-a-merchant-token" }],
    ["a non-bearer scheme", { authorization: "Basic bWVyY2hhbnQ6cGFzcw==" }],
  ])("answers 401 with %s", async (_label, headers) => {
    const response = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", headers, {
      credentialId: "x",
    });
    expect(response.status).toBe(401);
    expect(store.calls()).toBe(0);
  });

  it.each([
    [
      "malformed JSON",
      `{"credentialId": "primary", "awsSecretAccessKey": "${CANARY_SECRET}"`,
      "INVALID_JSON",
    ],
    ["two credential methods", { ...CANARY_KEYS, credentialId: "primary" }, "TENANT_INVALID_BODY"],
    [
      "an unknown field",
      { credentialId: "primary", awsSecret: CANARY_SECRET },
      "TENANT_INVALID_BODY",
    ],
    [
      "a malformed secret key",
      { ...EXAMPLE_KEYS, awsSecretAccessKey: `${CANARY_SECRET}/extra` },
      "TENANT_INVALID_BODY",
    ],
    ["a JSON array", [CANARY_SECRET], "TENANT_INVALID_BODY"],
    [
      "temperature out of range",
      { credentialId: "primary", temperature: 3 },
      "TENANT_INVALID_BODY",
    ],
  ])("answers 400 to %s on initialize", async (_label, body, code) => {
    const response = await call(
      "POST",
      "/api/merchants/merchant-abc/bedrock/initialize",
      ABC,
      body,
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code });
  });

  it("answers 400 to a malformed credentials body, 409 to a duplicate, 403 to service defaults", async () => {
    const bad = await call("POST", "/api/merchants/merchant-abc/bedrock/credentials", ABC, {
      ...storeBody,
      credentialId: "../merchant-xyz/primary",
    });
    expect(bad.status).toBe(400);
    expect(
      (await call("POST", "/api/merchants/merchant-abc/bedrock/credentials", ABC, storeBody))
        .status,
    ).toBe(201);
    const dup = await call(
      "POST",
      "/api/merchants/merchant-abc/bedrock/credentials",
      ABC,
      storeBody,
    );
    expect(dup.status).toBe(409);
    const defaults = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, {
      useServiceDefaults: true,
    });
    expect(defaults.status).toBe(403);
    expect(defaults.json.error.code).toBe("TENANT_METHOD_NOT_ALLOWED");
  });

  it("rotates and deletes a stored credential", async () => {
    await call("POST", "/api/merchants/merchant-abc/bedrock/credentials", ABC, storeBody);
    const rotated = await call(
      "PUT",
      "/api/merchants/merchant-abc/bedrock/credentials/primary-aws-account",
      ABC,
      EXAMPLE_KEYS,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.json.credential.rotatedAt).toEqual(expect.any(String));
    const init = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, {
      credentialId: "primary-aws-account",
    });
    expect(init.json.accessKeyId).toBe("AKIA…MPLE");
    expect(
      (
        await call(
          "DELETE",
          "/api/merchants/merchant-abc/bedrock/credentials/primary-aws-account",
          ABC,
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await call(
          "DELETE",
          "/api/merchants/merchant-abc/bedrock/credentials/primary-aws-account",
          ABC,
        )
      ).status,
    ).toBe(404);
    const gone = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, {
      credentialId: "primary-aws-account",
    });
    expect(gone.status).toBe(404);
  });

  it("refuses an oversized body with 413", async () => {
    const response = await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, {
      credentialId: "primary",
      modelId: "x".repeat(20_000),
    });
    expect(response.status).toBe(413);
  });

  it("logs each request's method, route and status, and no body", async () => {
    await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", ABC, { ...CANARY_KEYS });
    await call("POST", "/api/merchants/merchant-abc/bedrock/initialize", XYZ, { ...CANARY_KEYS });
    const requests = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.message === "request");
    expect(requests).toEqual([
      expect.objectContaining({ method: "POST", status: 200 }),
      expect.objectContaining({ method: "POST", status: 403 }),
    ]);
    expect(logs.join("\n")).not.toContain(CANARY_KEYS.awsAccessKeyId);
  });
});
