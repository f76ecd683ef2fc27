// An `ssm:` prefix makes secretsManagerCredentialStore read tenant credentials from Parameter
// Store SecureStrings: through the public API, the real SSMClient and the SigV4-verifying emulator.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTenantResolver, secretsManagerCredentialStore } from "../../src/index.js";
import type { CredentialKeys, TenantAuditEvent } from "../../src/index.js";
import {
  EXAMPLE_CREDENTIALS,
  startSecretsManagerEmulator,
  startSsmEmulator,
} from "../support/index.js";
import type { ParameterSeed, SsmEmulator } from "../support/index.js";
import { CANARY_KEYS, expectNoSecret, fakeKeys } from "./fixtures.js";

const PREFIX = "ssm:/tenants/";
const CREATED = "2026-01-01T00:00:00.000Z";

/** The record the Secrets Manager store writes, as infrastructure code would put it in a parameter. */
function recordJson(
  tenantId: string,
  credentialId: string,
  keys: CredentialKeys,
  extra: { region?: string; description?: string } = {},
): string {
  return JSON.stringify({
    format: "credchain-tenant-credential",
    tenantId,
    credentialId,
    ...keys,
    ...extra,
    createdAt: CREATED,
  });
}

describe("secretsManagerCredentialStore with an ssm: prefix", () => {
  let clock: number;
  let ssm: SsmEmulator;
  let client: SSMClient;
  const seed = (name: string, value: string, options: Omit<ParameterSeed, "value"> = {}) =>
    ssm.setParameter(name, value, { type: "SecureString", ...options });
  const store = () => secretsManagerCredentialStore({ prefix: PREFIX, ssmClient: client });

  beforeEach(async () => {
    clock = Date.UTC(2026, 1, 1);
    ssm = await startSsmEmulator({ now: () => clock });
    client = new SSMClient({
      endpoint: ssm.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterEach(async () => {
    client.destroy();
    await ssm.close();
  });

  it("serves a stored-credential session from a SecureString, signed with the credentials option", async () => {
    seed(
      "/tenants/acme/primary",
      recordJson("acme", "primary", CANARY_KEYS, { region: "eu-west-3" }),
    );
    process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
    const resolver = createTenantResolver({
      store: secretsManagerCredentialStore({
        prefix: PREFIX,
        region: "eu-west-1",
        credentials: async () => EXAMPLE_CREDENTIALS,
      }),
    });
    expect(ssm.calls).toHaveLength(0);
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    expect(session.region).toBe("eu-west-3");
    await expect(session.credentials()).resolves.toMatchObject({
      accessKeyId: CANARY_KEYS.awsAccessKeyId,
      secretAccessKey: CANARY_KEYS.awsSecretAccessKey,
    });
    expect(ssm.calls).toEqual([
      expect.objectContaining({
        op: "GetParameter",
        names: ["/tenants/acme/primary"],
        withDecryption: true,
        accessKeyId: EXAMPLE_CREDENTIALS.accessKeyId,
        region: "eu-west-1",
        status: 200,
      }),
    ]);
    expectNoSecret(session);
  });

  it("signs as the service identity when no credentials are given", async () => {
    const service = ssm.registry.issueLongTerm();
    process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
    process.env.AWS_ACCESS_KEY_ID = service.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = service.secretAccessKey;
    seed("/tenants/acme/primary", recordJson("acme", "primary", fakeKeys(1)));
    const found = await secretsManagerCredentialStore({ prefix: PREFIX, region: "us-east-1" }).get(
      "acme",
      "primary",
    );
    expect(found?.reveal()).toEqual(fakeKeys(1));
    expect(ssm.calls.map((c) => c.accessKeyId)).toEqual([service.accessKeyId]);
  });

  it("reads the very record the Secrets Manager store writes, so a secret can move to a parameter", async () => {
    const sm = await startSecretsManagerEmulator();
    const smClient = new SecretsManagerClient({
      endpoint: sm.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
    });
    try {
      const smResolver = createTenantResolver({
        store: secretsManagerCredentialStore({ prefix: "app/tenants/", client: smClient }),
      });
      await smResolver.storeCredentials("acme", {
        credentialId: "primary",
        ...fakeKeys(7),
        awsRegion: "us-east-2",
        description: "Primary",
      });
      seed("/tenants/acme/primary", String(sm.inspectSecret("app/tenants/acme/primary")?.current));
    } finally {
      smClient.destroy();
      await sm.close();
    }
    const got = await store().get("acme", "primary");
    expect(got?.reveal()).toEqual(fakeKeys(7));
    expect(got?.metadata()).toMatchObject({ region: "us-east-2", description: "Primary" });
  });

  it("lists the tenant's own SecureStrings through DescribeParameters alone, never decrypting", async () => {
    for (let i = 0; i < 55; i += 1) {
      const id = `cred-${String(i).padStart(2, "0")}`;
      seed(`/tenants/acme/${id}`, recordJson("acme", id, fakeKeys(i)), { description: `key ${i}` });
    }
    seed("/tenants/acme-2/other", recordJson("acme-2", "other", CANARY_KEYS));
    seed("/tenants/ACME/upper", recordJson("ACME", "upper", CANARY_KEYS));
    seed("/tenants/acme/nested/deep", recordJson("acme", "deep", CANARY_KEYS));
    seed("/tenants/acme/bad.id", recordJson("acme", "bad.id", CANARY_KEYS));
    ssm.setParameter("/tenants/acme/plain", "not encrypted", { type: "String" });
    const listed = await store().list("acme");
    expect(listed).toHaveLength(55);
    expect(listed[0]).toEqual({
      tenantId: "acme",
      credentialId: "cred-00",
      description: "key 0",
      createdAt: new Date(clock),
    });
    expect(listed.map((m) => m.credentialId)).toEqual(
      [...listed.map((m) => m.credentialId)].sort(),
    );
    expect(ssm.calls.map((c) => [c.op, c.paths, c.withDecryption])).toEqual([
      ["DescribeParameters", ["/tenants/acme"], undefined],
      ["DescribeParameters", ["/tenants/acme"], undefined],
    ]);
    expectNoSecret(listed);
  });

  it("never reads another tenant's parameter, by id, by path or by a copied value", async () => {
    seed("/tenants/globex/primary", recordJson("globex", "primary", CANARY_KEYS));
    const audit: TenantAuditEvent[] = [];
    const resolver = createTenantResolver({ store: store(), audit: (e) => void audit.push(e) });
    await expect(resolver.initialize("acme", { credentialId: "primary" })).rejects.toMatchObject({
      code: "TENANT_CREDENTIAL_NOT_FOUND",
    });
    for (const [tenant, id] of [
      ["../globex", "primary"],
      ["acme", "../../globex/primary"],
      ["globex/primary", "x"],
    ] as const) {
      await expect(resolver.initialize(tenant, { credentialId: id })).rejects.toMatchObject({
        // A bad tenant id, or a bad credentialId in the body: refused before the store is asked.
        code: expect.stringMatching(/^TENANT_INVALID_(ID|BODY)$/),
      });
    }
    // A value copied into acme's name is refused by the ids the record carries.
    seed("/tenants/acme/primary", recordJson("globex", "primary", CANARY_KEYS));
    const copied = await resolver
      .initialize("acme", { credentialId: "primary" })
      .catch((e: unknown) => e);
    expect(copied).toMatchObject({ code: "TENANT_STORE_CORRUPT" });
    expect(ssm.calls.flatMap((c) => c.names)).toEqual([
      "/tenants/acme/primary",
      "/tenants/acme/primary",
    ]);
    expectNoSecret([copied, audit]);
  });

  it("answers a missing credential exactly as the Secrets Manager store does", async () => {
    const sm = await startSecretsManagerEmulator();
    const smClient = new SecretsManagerClient({
      endpoint: sm.url,
      region: "us-east-1",
      credentials: EXAMPLE_CREDENTIALS,
    });
    const stores = [
      secretsManagerCredentialStore({ prefix: "app/tenants/", client: smClient }),
      store(),
    ];
    try {
      const outcomes = await Promise.all(
        stores.map(async (s) => ({
          got: await s.get("acme", "missing"),
          error: await createTenantResolver({ store: s })
            .initialize("acme", { credentialId: "missing" })
            .catch((e: { code: string; message: string; hint: string }) => ({
              code: e.code,
              message: e.message,
              hint: e.hint,
            })),
        })),
      );
      expect(outcomes[1]).toEqual(outcomes[0]);
      expect(outcomes[1]).toMatchObject({
        got: undefined,
        error: { code: "TENANT_CREDENTIAL_NOT_FOUND" },
      });
    } finally {
      smClient.destroy();
      await sm.close();
    }
  });

  it.each([
    ["access denied", { accessDenied: true }, "AccessDeniedException", /ssm:GetParameter/],
    ["a disabled KMS key", { kmsFailure: "invalid-key-id" }, "InvalidKeyId", /kms:Decrypt/],
    [
      "KMS refusing the caller",
      { kmsFailure: "access-denied" },
      "AccessDeniedException",
      /kms:Decrypt/,
    ],
  ] as const)(
    "reports %s as TENANT_STORE_FAILED with a Parameter Store hint",
    async (_, faults, errorName, hint) => {
      seed("/tenants/acme/primary", recordJson("acme", "primary", CANARY_KEYS), faults);
      const error = await createTenantResolver({ store: store() })
        .initialize("acme", { credentialId: "primary" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "TENANT_STORE_FAILED",
        tenantId: "acme",
        hint: expect.stringMatching(hint),
        cause: expect.objectContaining({ name: errorName }),
      });
      expectNoSecret(error);
    },
  );

  it.each([
    ["cn-north-1", "arn:aws-cn:ssm:cn-north-1:<account>:parameter/tenants/*"],
    ["us-gov-west-1", "arn:aws-us-gov:ssm:us-gov-west-1:<account>:parameter/tenants/*"],
  ])("names the parameters' ARN in %s's partition when access is denied", async (region, arn) => {
    seed("/tenants/acme/primary", recordJson("acme", "primary", CANARY_KEYS), {
      accessDenied: true,
    });
    const regional = new SSMClient({
      endpoint: ssm.url,
      region,
      credentials: EXAMPLE_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const error = await secretsManagerCredentialStore({ prefix: PREFIX, ssmClient: regional })
        .get("acme", "primary")
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "TENANT_STORE_FAILED",
        hint: expect.stringContaining(`ssm:GetParameter on ${arn} `),
      });
    } finally {
      regional.destroy();
    }
  });

  it("reports a throttled list as TENANT_STORE_FAILED naming Parameter Store's rate", async () => {
    ssm.faults.push({ op: "DescribeParameters", kind: "throttle" });
    await expect(store().list("acme")).rejects.toMatchObject({
      code: "TENANT_STORE_FAILED",
      message: expect.stringContaining("40 TPS"),
    });
  });

  it("refuses a String parameter: tenant keys must rest encrypted", async () => {
    ssm.setParameter("/tenants/acme/primary", recordJson("acme", "primary", CANARY_KEYS), {
      type: "String",
    });
    const error = await store()
      .get("acme", "primary")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "TENANT_STORE_CORRUPT",
      message: expect.stringContaining("not a SecureString"),
    });
    expectNoSecret(error);
  });

  it("is read-only: store, rotate and delete are refused with a put-parameter hint, touching nothing", async () => {
    seed("/tenants/acme/primary", recordJson("acme", "primary", fakeKeys(1)));
    const audit: TenantAuditEvent[] = [];
    const resolver = createTenantResolver({ store: store(), audit: (e) => void audit.push(e) });
    const attempts = [
      resolver.storeCredentials("acme", { credentialId: "second", ...CANARY_KEYS }),
      resolver.rotateCredentials("acme", "primary", CANARY_KEYS),
      resolver.deleteCredentials("acme", "primary"),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "TENANT_STORE_READ_ONLY",
        tenantId: "acme",
        hint: expect.stringContaining("aws ssm put-parameter --type SecureString"),
      });
      expectNoSecret(error);
    }
    expect(audit.map((e) => [e.action, e.outcome, e.code])).toEqual([
      ["store", "error", "TENANT_STORE_READ_ONLY"],
      ["rotate", "error", "TENANT_STORE_READ_ONLY"],
      ["delete", "error", "TENANT_STORE_READ_ONLY"],
    ]);
    expect(ssm.calls).toHaveLength(0);
    expect(ssm.inspectParameter("/tenants/acme/primary")?.version).toBe(1);
  });

  it.each([
    ["ssm:/tenants", "prefix"],
    ["ssm:tenants/", "prefix"],
    ["ssm:/", "prefix"],
    ["ssm:/aws/tenants/", "prefix"],
    ["ssm:/my tenants/", "prefix"],
    ["arn:aws:ssm:us-east-1:123456789012:parameter/tenants/", "prefix"],
  ])("refuses the prefix %s, naming the option", (prefix, option) => {
    expect(() => secretsManagerCredentialStore({ prefix })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining(option) }),
    );
  });

  it.each([
    ["client", { prefix: PREFIX, client: new SecretsManagerClient({ region: "us-east-1" }) }],
    ["kmsKeyId", { prefix: PREFIX, kmsKeyId: "alias/tenants" }],
    ["recoveryWindowDays", { prefix: PREFIX, recoveryWindowDays: 7 }],
    ["ssmClient", { prefix: "app/tenants/", ssmClient: new SSMClient({ region: "us-east-1" }) }],
  ])("refuses %s where the prefix's backend would ignore it", (option, options) => {
    expect(() => secretsManagerCredentialStore(options)).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining(`\`${option}\``),
      }),
    );
  });
});
