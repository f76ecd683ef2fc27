import { fromInstanceMetadata, fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { afterEach, describe, expect, it } from "vitest";
import { startImdsEmulator } from "./startImdsEmulator.js";
import type { ImdsEmulator } from "./startImdsEmulator.js";

describe("startImdsEmulator", () => {
  let imds: ImdsEmulator | undefined;
  afterEach(async () => {
    await imds?.close();
    imds = undefined;
  });

  it("serves the role's credentials to fromInstanceMetadata over IMDSv2", async () => {
    imds = await startImdsEmulator({ roleName: "web-role" });
    Object.assign(process.env, imds.env);
    const creds = await fromInstanceMetadata({ maxRetries: 0 })();
    expect(creds).toMatchObject({
      accessKeyId: imds.current.accessKeyId,
      sessionToken: imds.current.sessionToken,
    });
    expect(imds.calls.map((c) => [c.op, c.hadToken, c.status])).toEqual([
      ["GetToken", false, 200],
      ["GetRoleName", true, 200],
      ["GetCredentials", true, 200],
    ]);
    expect(imds.calls[2]?.path).toBe("/latest/meta-data/iam/security-credentials/web-role");
  });

  it("is reached by the SDK default chain once AWS_EC2_METADATA_DISABLED is false", async () => {
    imds = await startImdsEmulator();
    Object.assign(process.env, imds.env);
    await expect(fromNodeProviderChain()()).resolves.toMatchObject({
      accessKeyId: imds.current.accessKeyId,
    });
  });

  it("refuses metadata reads without a session token", async () => {
    imds = await startImdsEmulator();
    const res = await fetch(`${imds.url}/latest/meta-data/iam/security-credentials/`);
    expect(res.status).toBe(401);
  });

  it("serves IMDSv1 reads when allowed", async () => {
    imds = await startImdsEmulator({ allowImdsV1: true, roleName: "v1-role" });
    const res = await fetch(`${imds.url}/latest/meta-data/iam/security-credentials/`);
    await expect(res.text()).resolves.toBe("v1-role");
  });

  it.each([
    ["missing", undefined],
    ["zero", "0"],
    ["too long", "21601"],
  ])("refuses a token request whose TTL header is %s", async (_name, ttl) => {
    imds = await startImdsEmulator();
    const res = await fetch(`${imds.url}/latest/api/token`, {
      method: "PUT",
      headers: ttl === undefined ? {} : { "x-aws-ec2-metadata-token-ttl-seconds": ttl },
    });
    expect(res.status).toBe(400);
  });

  it("answers the region and 404 for unknown paths", async () => {
    imds = await startImdsEmulator({ region: "eu-west-1", allowImdsV1: true });
    await expect(
      (await fetch(`${imds.url}/latest/meta-data/placement/region`)).text(),
    ).resolves.toBe("eu-west-1");
    expect((await fetch(`${imds.url}/latest/meta-data/nope`)).status).toBe(404);
  });

  it("fails the credentials fetch under a 500 fault", async () => {
    imds = await startImdsEmulator();
    Object.assign(process.env, imds.env);
    imds.faults.push({ op: "GetCredentials", kind: "500" });
    await expect(fromInstanceMetadata({ maxRetries: 0 })()).rejects.toThrow();
    expect(imds.calls.find((c) => c.op === "GetCredentials")).toMatchObject({
      status: 500,
      fault: "500",
    });
  });
});
