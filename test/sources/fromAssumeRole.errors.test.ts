// What an STS failure leaves in a credchain error: the SDK error's name, code, HTTP status and
// request ID, never its message or the request it may echo (ExternalId, the session name).
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCredentialChain,
  createTenantResolver,
  fromAssumeRole,
  memoryCredentialStore,
} from "../../src/index.js";
import { EXAMPLE_CREDENTIALS } from "../support/credentialRegistry.js";
import { startLoopbackServer } from "../support/loopbackServer.js";
import type { LoopbackServer } from "../support/loopbackServer.js";

const ROLE = "arn:aws:iam::123456789012:role/tenant-a";
const EXTERNAL_ID = "ext-EchoedBackByTheService-7731";
const REQUEST_ID = "4d1e3c2b-aaaa-bbbb-cccc-0123456789ab";

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const everything = (error: unknown) =>
  inspect(error, { showHidden: true, depth: null, getters: true }) + JSON.stringify(error);

describe("fromAssumeRole failures keep only a summary of the SDK error", () => {
  let echo: LoopbackServer;
  let deadEndpoint: string;
  beforeAll(async () => {
    // An STS that answers 400 quoting the whole request, as some validation errors do.
    echo = await startLoopbackServer((request) => ({
      status: 400,
      headers: { "content-type": "text/xml", "x-amzn-requestid": REQUEST_ID },
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Bad request: ${request.body.toString("utf8").replace(/[<&]/g, "")}</Message></Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`,
    }));
    deadEndpoint = `http://127.0.0.1:${await closedPort()}`;
  });
  afterAll(() => echo.close());

  const source = (endpoint: string) =>
    fromAssumeRole({
      roleArn: ROLE,
      externalId: EXTERNAL_ID,
      roleSessionName: "session-EchoedToo",
      masterCredentials: EXAMPLE_CREDENTIALS,
      clientConfig: { endpoint, region: "us-east-1", maxAttempts: 1 },
    });

  it("shows no echoed ExternalId through a chain, keeping name, code, status and request ID", async () => {
    // Prepare
    const chain = createCredentialChain({ provider: "bedrock", sources: [source(echo.url)] });

    // Act
    const error = await chain.resolve().catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: "SOURCE_FAILED",
      message: expect.stringContaining("ValidationError"),
      cause: expect.objectContaining({
        name: "ValidationError",
        httpStatusCode: 400,
        requestId: REQUEST_ID,
      }),
    });
    const shown = everything(error);
    expect(shown).not.toContain(EXTERNAL_ID);
    expect(shown).not.toContain("EchoedToo");
    expect(shown).not.toContain("Bad request");
  });

  it("names the network failure's code (ECONNREFUSED), not a bare (Error)", async () => {
    const chain = createCredentialChain({ provider: "bedrock", sources: [source(deadEndpoint)] });
    const error = await chain.resolve().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SOURCE_FAILED",
      message: expect.stringContaining("ECONNREFUSED"),
      cause: expect.objectContaining({ code: "ECONNREFUSED" }),
    });
    expect((error as Error).message).not.toContain("(Error)");
  });

  it("shows no echoed ExternalId from a tenant's roleArn session", async () => {
    // Prepare
    const resolver = createTenantResolver({
      store: memoryCredentialStore(),
      serviceDefaults: { credentials: async () => EXAMPLE_CREDENTIALS },
      assumeRole: { clientConfig: { endpoint: echo.url, region: "us-east-1", maxAttempts: 1 } },
    });

    // Act
    const error = await resolver
      .initialize("acme", { roleArn: ROLE, externalId: EXTERNAL_ID })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      code: "SOURCE_FAILED",
      cause: expect.objectContaining({ httpStatusCode: 400, requestId: REQUEST_ID }),
    });
    const shown = everything(error);
    expect(shown).not.toContain(EXTERNAL_ID);
    expect(shown).not.toContain("Bad request");
  });
});
