import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "./credentialRegistry.js";
import { authErrorFor, verifySigV4 } from "./sigv4.js";
import type { RawSignedRequest } from "./sigv4.js";

const example = { accessKeyId: EXAMPLE_ACCESS_KEY_ID, secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY };

interface SignInput {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  service?: string;
  region?: string;
  method?: string;
  path?: string;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}

/** Signs like the SDK does and returns the request as a Node server would receive it. */
async function signed(input: SignInput = {}): Promise<RawSignedRequest> {
  const service = input.service ?? "secretsmanager";
  const body = input.body ?? '{"SecretId":"prod/app"}';
  const signer = new SignatureV4({
    service,
    region: input.region ?? "us-east-1",
    sha256: Sha256,
    credentials: input.credentials ?? example,
    uriEscapePath: service !== "s3",
    applyChecksum: false,
  });
  const request = await signer.sign(
    new HttpRequest({
      method: input.method ?? "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4566,
      path: input.path ?? "/",
      query: input.query ?? {},
      headers: {
        host: "127.0.0.1:4566",
        "content-type": "application/x-amz-json-1.1",
        ...input.headers,
      },
      body,
    }),
  );
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const query = Object.entries(input.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return {
    method: request.method,
    url: query === "" ? request.path : `${request.path}?${query}`,
    headers,
    body: Buffer.from(body),
  };
}

describe("verifySigV4", () => {
  const registry = createCredentialRegistry();

  it("accepts a request signed by the SDK signer with a registered key", async () => {
    const result = await verifySigV4(await signed(), {
      credentials: registry,
      service: "secretsmanager",
    });
    expect(result).toMatchObject({
      ok: true,
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      hasSessionToken: false,
      service: "secretsmanager",
      region: "us-east-1",
    });
  });

  it("accepts query strings, encoded path segments and a region it was not told about", async () => {
    const request = await signed({
      service: "bedrock",
      region: "eu-central-1",
      path: "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
      query: { "a b": "c+d/e", z: "1" },
    });
    await expect(verifySigV4(request, { credentials: registry })).resolves.toMatchObject({
      ok: true,
      region: "eu-central-1",
    });
  });

  it.each([
    [
      "a wrong secret",
      { credentials: { ...example, secretAccessKey: "not-the-secret" } },
      "signature-mismatch",
    ],
    [
      "an unknown access key",
      { credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x" } },
      "unknown-access-key",
    ],
    ["another service's scope", { service: "s3" }, "wrong-scope"],
    [
      "a session token with a long-term key",
      { credentials: { ...example, sessionToken: "tok" } },
      "session-token-mismatch",
    ],
  ] as const)("rejects %s", async (_name, input, failure) => {
    const result = await verifySigV4(await signed(input), {
      credentials: registry,
      service: "secretsmanager",
    });
    expect(result).toMatchObject({ ok: false, failure });
  });

  it("rejects a body changed after signing", async () => {
    const request = await signed();
    request.body = Buffer.from('{"SecretId":"prod/other"}');
    await expect(verifySigV4(request, { credentials: registry })).resolves.toMatchObject({
      ok: false,
      failure: "signature-mismatch",
    });
  });

  it("rejects a request without an Authorization header", async () => {
    const request = await signed();
    delete request.headers.authorization;
    await expect(verifySigV4(request, { credentials: registry })).resolves.toMatchObject({
      ok: false,
      failure: "missing-auth",
    });
  });

  it("rejects a scope region other than the one it was pinned to", async () => {
    const request = await signed({ region: "eu-west-1" });
    await expect(
      verifySigV4(request, { credentials: registry, region: "us-east-1" }),
    ).resolves.toMatchObject({ ok: false, failure: "wrong-scope" });
  });

  it("requires the registered session token for temporary credentials and reports it was sent", async () => {
    const temp = registry.issueTemporary();
    const good = await signed({ credentials: temp });
    await expect(verifySigV4(good, { credentials: registry })).resolves.toMatchObject({
      ok: true,
      hasSessionToken: true,
    });
    const forged = await signed({ credentials: { ...temp, sessionToken: "forged" } });
    await expect(verifySigV4(forged, { credentials: registry })).resolves.toMatchObject({
      ok: false,
      failure: "session-token-mismatch",
    });
  });

  it("rejects expired temporary credentials", async () => {
    const temp = registry.issueTemporary({ durationMs: 60_000 });
    const request = await signed({ credentials: temp });
    const later = () => Date.now() + 120_000;
    await expect(
      verifySigV4(request, { credentials: registry, now: later }),
    ).resolves.toMatchObject({ ok: false, failure: "expired" });
  });

  it("checks an S3 x-amz-content-sha256 digest against the body and accepts UNSIGNED-PAYLOAD", async () => {
    const body = "hello object";
    const digest = createHash("sha256").update(body).digest("hex");
    const good = await signed({
      service: "s3",
      method: "PUT",
      path: "/bucket/key.txt",
      body,
      headers: { "x-amz-content-sha256": digest },
    });
    await expect(verifySigV4(good, { credentials: registry })).resolves.toMatchObject({
      ok: true,
      contentSha256: digest,
    });

    const tampered = { ...good, body: Buffer.from("other bytes") };
    await expect(verifySigV4(tampered, { credentials: registry })).resolves.toMatchObject({
      ok: false,
      failure: "payload-hash-mismatch",
    });

    const unsigned = await signed({
      service: "s3",
      method: "PUT",
      path: "/bucket/key.txt",
      body,
      headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    });
    await expect(verifySigV4(unsigned, { credentials: registry })).resolves.toMatchObject({
      ok: true,
    });
  });

  it.each([
    ["signature-mismatch", "json", "InvalidSignatureException"],
    ["unknown-access-key", "json", "UnrecognizedClientException"],
    ["unknown-access-key", "query", "InvalidClientTokenId"],
    ["signature-mismatch", "s3", "SignatureDoesNotMatch"],
    ["expired", "query", "ExpiredToken"],
  ] as const)("maps %s to the %s error code %s", (failure, dialect, code) => {
    expect(authErrorFor(failure, dialect, "reason").code).toBe(code);
  });
});
