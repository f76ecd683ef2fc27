// A Secrets Manager 400 that echoes the request (headers included: the session token) must leave
// nothing of it in a credchain error, through every entry point that reads a secret — while the
// SDK error's name, HTTP status and request ID survive as the cause.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCredentialChain,
  fromSecretsManager,
  loadIntoEnv,
  loadSecretsForProvider,
} from "../../src/index.js";
import { startLoopbackServer, type LoopbackServer } from "../support/loopbackServer.js";

const SESSION_TOKEN = "IQoJb3JpZ2luX2VjECHOEDcanaryTOKENcanary0000";
const REQUEST_ID = "5e0b7d1c-1111-2222-3333-444455556666";

let echo: LoopbackServer;
beforeAll(async () => {
  echo = await startLoopbackServer((request) => ({
    status: 400,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": REQUEST_ID },
    body: JSON.stringify({
      __type: "InvalidRequestException",
      message: `You can't do that with this request: ${JSON.stringify(request.headers)} ${request.body.toString("utf8")}`,
    }),
  }));
});
afterAll(() => echo.close());

const client = () =>
  new SecretsManagerClient({
    region: "us-east-1",
    endpoint: echo.url,
    maxAttempts: 1,
    credentials: {
      accessKeyId: "ASIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      sessionToken: SESSION_TOKEN,
    },
  });

/** The SdkErrorSummary anywhere down the cause chain. */
function summaryOf(error: unknown): Record<string, unknown> | undefined {
  for (let e = error as { cause?: unknown; requestId?: unknown } | undefined; e;) {
    if (e.requestId !== undefined) return e;
    e = e.cause as typeof e;
  }
  return undefined;
}

function expectNoEcho(error: unknown): void {
  const shown = inspect(error, { showHidden: true, depth: null }) + JSON.stringify(error);
  expect(shown).not.toContain(SESSION_TOKEN);
  expect(shown).not.toContain("You can't do that");
  expect(summaryOf(error)).toMatchObject({
    name: "InvalidRequestException",
    httpStatusCode: 400,
    requestId: REQUEST_ID,
  });
}

describe("a Secrets Manager 400 echoing the request", () => {
  it("leaves nothing of it in the chain's error (secrets-manager source)", async () => {
    const chain = createCredentialChain({
      provider: "openai",
      env: {},
      sources: [fromSecretsManager({ secretId: "prod/app", enabled: true, client: client() })],
    });
    const error = await chain.resolve().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^SECRET_|SOURCE_FAILED/) });
    expectNoEcho(error);
  });

  it("leaves nothing of it in loadIntoEnv's error", async () => {
    const error = await loadIntoEnv({ secretId: "prod/app", env: {}, client: client() }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/^SECRET_/) });
    expectNoEcho(error);
  });

  it("leaves nothing of it in loadSecretsForProvider's error", async () => {
    const error = await loadSecretsForProvider({
      provider: "openai",
      env: { OPENAI_SECRET_NAME: "prod/app", USE_SECRETS_MANAGER: "true" },
      client: client(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^SECRET_/) });
    expectNoEcho(error);
  });
});
