import { Sha256 } from "@aws-crypto/sha256-js";
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_SECRET_ACCESS_KEY,
} from "./credentialRegistry.js";
import { SSM_DEFAULT_GET_TPS, startSsmEmulator } from "./startSsmEmulator.js";
import type { SsmEmulator, SsmEmulatorOptions } from "./startSsmEmulator.js";

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const ARN_PREFIX = "arn:aws:ssm:us-east-1:123456789012:parameter";

describe("startSsmEmulator", () => {
  let clock: number;
  let ssm: SsmEmulator;
  let client: SSMClient;
  const extra: { destroy(): void }[] = [];

  async function start(options: SsmEmulatorOptions = {}) {
    await ssm.close();
    ssm = await startSsmEmulator({ now: () => clock, ...options });
    client.destroy();
    client = clientFor(EXAMPLE_CREDENTIALS);
  }

  function clientFor(
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
    config: { region?: string } = {},
  ): SSMClient {
    const made = new SSMClient({
      endpoint: ssm.url,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
      ...config,
    });
    extra.push(made);
    return made;
  }

  beforeEach(async () => {
    clock = START;
    ssm = await startSsmEmulator({
      now: () => clock,
      parameters: {
        "/prod/app/url": "https://api.example.com",
        "/prod/app/hosts": ["a.example.com", "b.example.com"],
        "/prod/app/db-password": { value: "pw-1", type: "SecureString" },
        plain: "top-level",
      },
    });
    client = clientFor(EXAMPLE_CREDENTIALS);
  });

  afterEach(async () => {
    for (const c of extra.splice(0)) c.destroy();
    await ssm.close();
  });

  describe("GetParameter", () => {
    it("returns a String parameter with its ARN, version and date, and records the call", async () => {
      clock = START + 1000;
      const out = await client.send(new GetParameterCommand({ Name: "/prod/app/url" }));
      expect(out.Parameter).toMatchObject({
        Name: "/prod/app/url",
        Type: "String",
        Value: "https://api.example.com",
        Version: 1,
        ARN: `${ARN_PREFIX}/prod/app/url`,
        DataType: "text",
      });
      expect(out.Parameter?.LastModifiedDate?.getTime()).toBe(START);
      expect(ssm.calls).toEqual([
        {
          op: "GetParameter",
          names: ["/prod/app/url"],
          accessKeyId: EXAMPLE_ACCESS_KEY_ID,
          hasSessionToken: false,
          region: "us-east-1",
          status: 200,
        },
      ]);
    });

    it("returns a StringList as its comma-joined value", async () => {
      const out = await client.send(new GetParameterCommand({ Name: "/prod/app/hosts" }));
      expect(out.Parameter).toMatchObject({
        Type: "StringList",
        Value: "a.example.com,b.example.com",
      });
    });

    it("returns a SecureString's ciphertext without WithDecryption and its value with it", async () => {
      const sealed = await client.send(new GetParameterCommand({ Name: "/prod/app/db-password" }));
      expect(sealed.Parameter?.Type).toBe("SecureString");
      expect(sealed.Parameter?.Value).toMatch(/^AQICAH[A-Za-z0-9+/]+=*$/);
      expect(sealed.Parameter?.Value).not.toContain("pw-1");

      const open = await client.send(
        new GetParameterCommand({ Name: "/prod/app/db-password", WithDecryption: true }),
      );
      expect(open.Parameter?.Value).toBe("pw-1");
      expect(ssm.calls.map((c) => c.withDecryption)).toEqual([undefined, true]);
    });

    it("accepts the parameter's ARN as its name, and answers with that name", async () => {
      const out = await client.send(
        new GetParameterCommand({ Name: `${ARN_PREFIX}/prod/app/url` }),
      );
      expect(out.Parameter).toMatchObject({
        Name: `${ARN_PREFIX}/prod/app/url`,
        Value: "https://api.example.com",
      });
      const topLevel = await client.send(new GetParameterCommand({ Name: `${ARN_PREFIX}/plain` }));
      expect(topLevel.Parameter?.Value).toBe("top-level");
    });

    it("does not find a parameter through an ARN of another region or account", async () => {
      for (const arn of [
        "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/app/url",
        "arn:aws:ssm:us-east-1:210987654321:parameter/prod/app/url",
      ]) {
        await expect(client.send(new GetParameterCommand({ Name: arn }))).rejects.toMatchObject({
          name: "ParameterNotFound",
          $metadata: { httpStatusCode: 400 },
        });
      }
    });

    it("answers ParameterNotFound for a missing name", async () => {
      await expect(
        client.send(new GetParameterCommand({ Name: "/prod/missing" })),
      ).rejects.toMatchObject({ name: "ParameterNotFound", $metadata: { httpStatusCode: 400 } });
      expect(ssm.calls[0]).toMatchObject({ status: 400, errorType: "ParameterNotFound" });
    });
  });

  describe("versions and labels", () => {
    it("serves older versions by number and labelled ones by label, also through an ARN", async () => {
      clock = START + 60_000;
      const put = await client.send(
        new PutParameterCommand({ Name: "/prod/app/db-password", Value: "pw-2", Overwrite: true }),
      );
      expect(put).toMatchObject({ Version: 2, Tier: "Standard" });
      ssm.labelParameterVersion("/prod/app/db-password", ["previous"], 1);

      const latest = await client.send(
        new GetParameterCommand({ Name: "/prod/app/db-password", WithDecryption: true }),
      );
      expect(latest.Parameter).toMatchObject({ Value: "pw-2", Version: 2, Type: "SecureString" });
      expect(latest.Parameter?.LastModifiedDate?.getTime()).toBe(START + 60_000);
      expect(latest.Parameter?.Selector).toBeUndefined();

      const byVersion = await client.send(
        new GetParameterCommand({ Name: "/prod/app/db-password:1", WithDecryption: true }),
      );
      expect(byVersion.Parameter).toMatchObject({
        Name: "/prod/app/db-password",
        Value: "pw-1",
        Version: 1,
        Selector: ":1",
      });
      const byLabel = await client.send(
        new GetParameterCommand({
          Name: `${ARN_PREFIX}/prod/app/db-password:previous`,
          WithDecryption: true,
        }),
      );
      expect(byLabel.Parameter).toMatchObject({
        Name: `${ARN_PREFIX}/prod/app/db-password`,
        Value: "pw-1",
        Version: 1,
        Selector: ":previous",
      });
    });

    it("moves a label to the version it is put on", () => {
      ssm.setParameter("/prod/app/url", "https://v2.example.com", { labels: ["live"] });
      ssm.setParameter("/prod/app/url", "https://v3.example.com");
      ssm.labelParameterVersion("/prod/app/url", ["live"]);
      expect(ssm.inspectParameter("/prod/app/url")?.versions).toMatchObject([
        { version: 1, labels: [] },
        { version: 2, labels: [] },
        { version: 3, value: "https://v3.example.com", type: "String", labels: ["live"] },
      ]);
      expect(() => ssm.labelParameterVersion("/prod/app/url", ["12"])).toThrow(/not a valid label/);
    });

    it("answers ParameterVersionNotFound for a missing version and ParameterNotFound for a missing label", async () => {
      await expect(
        client.send(new GetParameterCommand({ Name: "/prod/app/url:7" })),
      ).rejects.toMatchObject({ name: "ParameterVersionNotFound" });
      await expect(
        client.send(new GetParameterCommand({ Name: "/prod/app/url:nope" })),
      ).rejects.toMatchObject({ name: "ParameterNotFound" });
    });
  });

  describe("GetParameters", () => {
    it("returns found parameters in name order and lists the rest as InvalidParameters", async () => {
      const out = await client.send(
        new GetParametersCommand({
          Names: ["/prod/app/url", "/prod/missing", "/prod/app/db-password", "/prod/app/url:9"],
          WithDecryption: true,
        }),
      );
      expect(out.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
        ["/prod/app/db-password", "pw-1"],
        ["/prod/app/url", "https://api.example.com"],
      ]);
      expect(out.InvalidParameters).toEqual(["/prod/missing", "/prod/app/url:9"]);
      expect(ssm.calls[0]).toMatchObject({
        op: "GetParameters",
        names: ["/prod/app/url", "/prod/missing", "/prod/app/db-password", "/prod/app/url:9"],
        withDecryption: true,
      });
    });

    it("accepts ARNs and selectors among the names", async () => {
      ssm.setParameter("/prod/app/url", "https://v2.example.com");
      const out = await client.send(
        new GetParametersCommand({ Names: [`${ARN_PREFIX}/prod/app/url:1`, "plain"] }),
      );
      expect(out.Parameters).toMatchObject([
        { Name: `${ARN_PREFIX}/prod/app/url`, Value: "https://api.example.com", Selector: ":1" },
        { Name: "plain", Value: "top-level" },
      ]);
      expect(out.InvalidParameters).toEqual([]);
    });

    it("refuses more than 10 names with ValidationException", async () => {
      const names = Array.from({ length: 11 }, (_, i) => `/p/${i}`);
      await expect(client.send(new GetParametersCommand({ Names: names }))).rejects.toMatchObject({
        name: "ValidationException",
        message: expect.stringContaining("Member must have length less than or equal to 10"),
        $metadata: { httpStatusCode: 400 },
      });
      await expect(
        client.send(new GetParametersCommand({ Names: names.slice(0, 10) })),
      ).resolves.toMatchObject({ InvalidParameters: names.slice(0, 10) });
    });

    it("counts GetParameter and GetParameters calls apart", async () => {
      await client.send(new GetParametersCommand({ Names: ["/prod/app/url", "plain"] }));
      await client.send(new GetParameterCommand({ Name: "plain" }));
      await client.send(new GetParameterCommand({ Name: "/prod/app/url" }));
      expect(ssm.callCount("GetParameters")).toBe(1);
      expect(ssm.callCount("GetParameter")).toBe(2);
      expect(ssm.callCount()).toBe(3);
      ssm.resetCalls();
      expect(ssm.callCount()).toBe(0);
    });
  });

  describe("PutParameter", () => {
    it("creates a parameter and refuses to replace it without Overwrite", async () => {
      await expect(
        client.send(new PutParameterCommand({ Name: "/new/key", Value: "v" })),
      ).rejects.toMatchObject({
        name: "ValidationException",
        message: "A parameter type is required when you create a parameter.",
      });
      await expect(
        client.send(
          new PutParameterCommand({
            Name: "/new/key",
            Value: "s3cr3t",
            Type: "SecureString",
            KeyId: "alias/app",
          }),
        ),
      ).resolves.toMatchObject({ Version: 1 });
      await expect(
        client.send(new PutParameterCommand({ Name: "/new/key", Value: "other" })),
      ).rejects.toMatchObject({ name: "ParameterAlreadyExists" });
      expect(ssm.inspectParameter("/new/key")).toMatchObject({
        name: "/new/key",
        arn: `${ARN_PREFIX}/new/key`,
        type: "SecureString",
        keyId: "alias/app",
        version: 1,
        value: "s3cr3t",
      });
    });

    it("refuses a reserved or unqualified name", async () => {
      for (const name of ["/aws/reserved", "ssm-thing", "a/b"]) {
        await expect(
          client.send(new PutParameterCommand({ Name: name, Value: "v", Type: "String" })),
        ).rejects.toMatchObject({ name: "ValidationException" });
      }
    });
  });

  describe("DescribeParameters", () => {
    const byPath = (path: string, option?: string) =>
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: "Path", ...(option && { Option: option }), Values: [path] }],
      });

    it("lists one level of a path by default, and everything below it when Recursive", async () => {
      ssm.setParameter("/prod/app/deep/x", "v");
      ssm.setParameter("/prod/application", "not under /prod/app");
      const oneLevel = await client.send(byPath("/prod/app"));
      expect(oneLevel.Parameters?.map((p) => p.Name)).toEqual([
        "/prod/app/db-password",
        "/prod/app/hosts",
        "/prod/app/url",
      ]);
      const recursive = await client.send(byPath("/prod/app/", "Recursive"));
      expect(recursive.Parameters?.map((p) => p.Name)).toEqual([
        "/prod/app/db-password",
        "/prod/app/deep/x",
        "/prod/app/hosts",
        "/prod/app/url",
      ]);
      expect(ssm.calls.map((c) => [c.op, c.paths])).toEqual([
        ["DescribeParameters", ["/prod/app"]],
        ["DescribeParameters", ["/prod/app/"]],
      ]);
    });

    it("returns metadata and never a value, not even a SecureString's ciphertext", async () => {
      ssm.setParameter("/prod/app/db-password", "pw-2", { description: "the database" });
      const out = await client.send(byPath("/prod/app"));
      const secure = out.Parameters?.find((p) => p.Name === "/prod/app/db-password");
      expect(secure).toMatchObject({
        ARN: `${ARN_PREFIX}/prod/app/db-password`,
        Type: "SecureString",
        KeyId: "alias/aws/ssm",
        Description: "the database",
        Version: 2,
        LastModifiedDate: new Date(START),
      });
      expect(JSON.stringify(out)).not.toMatch(/pw-1|pw-2|"Value"/);
    });

    it("pages by MaxResults with a NextToken, and refuses a forged token", async () => {
      for (let i = 0; i < 5; i += 1) ssm.setParameter(`/many/p${i}`, "v");
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: "Path", Values: ["/many"] }],
            MaxResults: 2,
            ...(token !== undefined && { NextToken: token }),
          }),
        );
        expect(page.Parameters?.length).toBeLessThanOrEqual(2);
        names.push(...(page.Parameters ?? []).map((p) => p.Name ?? ""));
        token = page.NextToken;
      } while (token !== undefined);
      expect(names).toEqual(["/many/p0", "/many/p1", "/many/p2", "/many/p3", "/many/p4"]);
      await expect(
        client.send(new DescribeParametersCommand({ NextToken: "forged" })),
      ).rejects.toMatchObject({ name: "InvalidNextToken" });
    });

    it("refuses filters it does not emulate instead of ignoring them", async () => {
      await expect(
        client.send(
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: "Type", Values: ["String"] }],
          }),
        ),
      ).rejects.toMatchObject({ name: "InvalidFilterKey" });
      await expect(client.send(byPath("/prod", "BeginsWith"))).rejects.toMatchObject({
        name: "InvalidFilterOption",
      });
      await expect(client.send(byPath("prod"))).rejects.toMatchObject({
        name: "InvalidFilterValue",
      });
    });

    it("verifies the signature like every other operation", async () => {
      const forged = clientFor({
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        secretAccessKey: `${EXAMPLE_SECRET_ACCESS_KEY}-wrong`,
      });
      await expect(forged.send(byPath("/prod/app"))).rejects.toMatchObject({
        name: "InvalidSignatureException",
      });
      expect(ssm.calls).toMatchObject([{ op: "DescribeParameters", status: 400 }]);
    });
  });

  describe("access and KMS failures", () => {
    it("denies a parameter to every caller or to listed keys, failing a whole GetParameters", async () => {
      const other = ssm.registry.issueLongTerm();
      ssm.setParameterFaults("/prod/app/url", { accessDenied: [EXAMPLE_ACCESS_KEY_ID] });
      await expect(
        client.send(new GetParameterCommand({ Name: "/prod/app/url" })),
      ).rejects.toMatchObject({
        name: "AccessDeniedException",
        message: `User: arn:aws:iam::123456789012:user/credchain-test is not authorized to perform: ssm:GetParameter on resource: ${ARN_PREFIX}/prod/app/url because no identity-based policy allows the ssm:GetParameter action`,
        $metadata: { httpStatusCode: 400 },
      });
      await expect(
        client.send(new GetParametersCommand({ Names: ["plain", "/prod/app/url"] })),
      ).rejects.toMatchObject({ name: "AccessDeniedException" });
      await expect(
        clientFor(other).send(new GetParameterCommand({ Name: "/prod/app/url" })),
      ).resolves.toMatchObject({ Parameter: { Value: "https://api.example.com" } });

      ssm.setParameterFaults("/prod/app/url", { accessDenied: true });
      await expect(
        clientFor(other).send(new GetParameterCommand({ Name: "/prod/app/url" })),
      ).rejects.toMatchObject({ name: "AccessDeniedException" });
    });

    it("fails decryption with InvalidKeyId or KMS's AccessDeniedException, and not without WithDecryption", async () => {
      ssm.setParameterFaults("/prod/app/db-password", { kmsFailure: "invalid-key-id" });
      const read = new GetParameterCommand({ Name: "/prod/app/db-password", WithDecryption: true });
      await expect(client.send(read)).rejects.toMatchObject({
        name: "InvalidKeyId",
        $metadata: { httpStatusCode: 400 },
      });
      await expect(
        client.send(
          new GetParametersCommand({ Names: ["/prod/app/db-password"], WithDecryption: true }),
        ),
      ).rejects.toMatchObject({ name: "InvalidKeyId" });

      ssm.setParameterFaults("/prod/app/db-password", { kmsFailure: "access-denied" });
      await expect(client.send(read)).rejects.toMatchObject({
        name: "AccessDeniedException",
        message: expect.stringMatching(/kms:Decrypt .*\(Service: AWSKMS; Status Code: 400/),
      });
      await expect(
        client.send(new GetParameterCommand({ Name: "/prod/app/db-password" })),
      ).resolves.toMatchObject({ Parameter: { Type: "SecureString" } });
    });
  });

  describe("signatures", () => {
    it("rejects a wrong secret key with InvalidSignatureException and an unknown key with UnrecognizedClientException", async () => {
      const forged = clientFor({
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        secretAccessKey: `${EXAMPLE_SECRET_ACCESS_KEY}-wrong`,
      });
      await expect(forged.send(new GetParameterCommand({ Name: "plain" }))).rejects.toMatchObject({
        name: "InvalidSignatureException",
        $metadata: { httpStatusCode: 400 },
      });
      const stranger = clientFor({
        accessKeyId: "AKIAUNKNOWNKEY000000",
        secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY,
      });
      await expect(stranger.send(new GetParameterCommand({ Name: "plain" }))).rejects.toMatchObject(
        { name: "UnrecognizedClientException", $metadata: { httpStatusCode: 400 } },
      );
      expect(ssm.calls.map((c) => c.errorType)).toEqual([
        "InvalidSignatureException",
        "UnrecognizedClientException",
      ]);
    });

    it("rejects a signature scoped to another region when the region is pinned", async () => {
      await start({ region: "eu-central-1", parameters: { plain: "x" } });
      await expect(
        clientFor(EXAMPLE_CREDENTIALS, { region: "eu-central-1" }).send(
          new GetParameterCommand({ Name: "plain" }),
        ),
      ).resolves.toMatchObject({
        Parameter: { ARN: "arn:aws:ssm:eu-central-1:123456789012:parameter/plain" },
      });
      await expect(
        clientFor(EXAMPLE_CREDENTIALS, { region: "us-east-1" }).send(
          new GetParameterCommand({ Name: "plain" }),
        ),
      ).rejects.toMatchObject({ name: "InvalidSignatureException" });
    });

    it("rejects a signature for another service", async () => {
      const url = new URL(ssm.url);
      const body = JSON.stringify({ Name: "plain" });
      const signer = new SignatureV4({
        service: "secretsmanager",
        region: "us-east-1",
        sha256: Sha256,
        credentials: EXAMPLE_CREDENTIALS,
      });
      const signed = await signer.sign(
        new HttpRequest({
          method: "POST",
          protocol: "http:",
          hostname: url.hostname,
          port: Number(url.port),
          path: "/",
          headers: {
            host: url.host,
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": "AmazonSSM.GetParameter",
          },
          body,
        }),
      );
      const response = await fetch(ssm.url, {
        method: "POST",
        headers: signed.headers,
        body,
      });
      expect(response.status).toBe(400);
      await expect(response.json()).resolves.toMatchObject({
        __type: "InvalidSignatureException",
      });
    });

    it("rejects temporary credentials once they expire, by the emulator's clock", async () => {
      const temp = ssm.registry.issueTemporary({ durationMs: 900_000 });
      const tempClient = clientFor(temp, { region: "eu-west-1" });
      clock = Date.now();
      await tempClient.send(new GetParameterCommand({ Name: "plain" }));
      clock = Date.now() + 900_001;
      await expect(
        tempClient.send(new GetParameterCommand({ Name: "plain" })),
      ).rejects.toMatchObject({ name: "ExpiredTokenException" });
      expect(ssm.calls.map((c) => [c.accessKeyId, c.hasSessionToken, c.region, c.status])).toEqual([
        [temp.accessKeyId, true, "eu-west-1", 200],
        [temp.accessKeyId, true, "eu-west-1", 400],
      ]);
    });
  });

  describe("throttling and faults", () => {
    it("throttles, fails with 500 and resets the connection as scripted", async () => {
      ssm.faults.push(
        { op: "GetParameter", kind: "throttle" },
        { op: "GetParameter", kind: "500" },
        { op: "GetParameters", kind: "reset" },
      );
      const get = new GetParameterCommand({ Name: "plain" });
      await expect(client.send(get)).rejects.toMatchObject({
        name: "ThrottlingException",
        $metadata: { httpStatusCode: 400 },
      });
      await expect(client.send(get)).rejects.toMatchObject({
        name: "InternalServerError",
        $metadata: { httpStatusCode: 500 },
      });
      await expect(client.send(new GetParametersCommand({ Names: ["plain"] }))).rejects.toThrow();
      await expect(client.send(get)).resolves.toMatchObject({ Parameter: { Value: "top-level" } });
      expect(ssm.calls.map((c) => [c.op, c.fault, c.status])).toEqual([
        ["GetParameter", "throttle", 400],
        ["GetParameter", "500", 500],
        ["GetParameters", "reset", 0],
        ["GetParameter", undefined, 200],
      ]);
    });

    it("throttles Get* calls beyond the token bucket and refills it by the clock", async () => {
      await start({ rateLimit: {}, parameters: { plain: "x" } });
      const get = new GetParameterCommand({ Name: "plain" });
      for (let i = 0; i < SSM_DEFAULT_GET_TPS - 1; i++) await client.send(get);
      await client.send(new GetParametersCommand({ Names: ["plain"] }));
      await expect(client.send(get)).rejects.toMatchObject({ name: "ThrottlingException" });
      await expect(
        client.send(new PutParameterCommand({ Name: "plain", Value: "y", Overwrite: true })),
      ).resolves.toMatchObject({ Version: 2 });

      clock += 1000 / SSM_DEFAULT_GET_TPS;
      await expect(client.send(get)).resolves.toMatchObject({ Parameter: { Value: "y" } });
      await expect(client.send(get)).rejects.toMatchObject({ name: "ThrottlingException" });
      expect(ssm.calls.filter((c) => c.rateLimited === true)).toHaveLength(2);
      expect(ssm.callCount("GetParameter")).toBe(SSM_DEFAULT_GET_TPS + 2);
    });
  });

  it("is reached through AWS_ENDPOINT_URL_SSM by a client given no endpoint", async () => {
    Object.assign(process.env, ssm.env);
    const fromEnv = new SSMClient({ region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
    extra.push(fromEnv);
    await expect(fromEnv.send(new GetParameterCommand({ Name: "plain" }))).resolves.toMatchObject({
      Parameter: { Value: "top-level" },
    });
  });
});
