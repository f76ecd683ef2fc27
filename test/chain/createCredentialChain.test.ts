import util from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CredentialConfigError,
  NoCredentialsError,
  SourceSkippedError,
  createCredentialChain,
  decideCredentials,
  createChainFromEnv,
  fromAdminKey,
  fromEnv,
  mask,
  type CredentialResult,
  type CredentialSource,
} from "../../src/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MIN = 60_000;

function staticSource(
  name: string,
  result: Partial<CredentialResult> = {},
): CredentialSource & { calls: number } {
  const source = {
    name,
    calls: 0,
    async resolve(): Promise<CredentialResult> {
      source.calls += 1;
      return {
        source: "env",
        kind: "aws-static",
        detail: "test",
        credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
        reason: `${name} has credentials`,
        ...result,
      };
    },
  };
  return source;
}

function skipping(name: string, reason: string): CredentialSource {
  return {
    name,
    async resolve() {
      throw new SourceSkippedError(name, reason);
    },
  };
}

describe("createCredentialChain", () => {
  it("hands the SDK a copy: what a client does to it never reaches the chain or the next resolution", async () => {
    const source = staticSource("env");
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [source] });
    const handed = (await chain.credentials()) as { accessKeyId: string; $source?: unknown };
    handed.accessKeyId = "AKIAIMPOSTOR00000000";
    handed.$source = { CREDENTIALS_CODE: "e" }; // as the SDK tags the identities it uses

    expect((await chain.resolve()).auth.accessKeyId).toBe(mask(KEY_ID, "access-key-id"));
    chain.invalidate();
    expect(await chain.credentials()).toEqual({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
    expect(source.calls).toBe(2);
  });

  it("uses the first source that serves and marks the rest not consulted", async () => {
    const later = staticSource("later");
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [skipping("admin", "no admin key is configured"), staticSource("env"), later],
    });
    const decision = await chain.resolve();
    expect(decision.trace).toEqual([
      { source: "admin", outcome: "skipped", reason: "no admin key is configured" },
      { source: "env", outcome: "chosen", reason: "env has credentials" },
      { source: "later", outcome: "not-consulted", reason: "an earlier source was chosen" },
    ]);
    expect(later.calls).toBe(0);
    expect(await chain.credentials()).toEqual({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
  });

  it("lists every source and its reason when nothing serves", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [
        skipping("admin", "no admin key is configured"),
        skipping("env", "AWS_ACCESS_KEY_ID is not set"),
        skipping("default-chain", "IMDS disabled"),
      ],
    });
    const error = await chain.credentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as NoCredentialsError).attempts).toEqual([
      { source: "admin", reason: "no admin key is configured" },
      { source: "env", reason: "AWS_ACCESS_KEY_ID is not set" },
      { source: "default-chain", reason: "IMDS disabled" },
    ]);
    for (const reason of [
      "no admin key is configured",
      "AWS_ACCESS_KEY_ID is not set",
      "IMDS disabled",
    ]) {
      expect((error as Error).message).toContain(reason);
    }
    expect(await chain.explain()).toHaveLength(3);
  });

  it("lets a custom endpoint resolve to no key, as the pure decision does", async () => {
    const chain = createCredentialChain({
      provider: "custom",
      env: {},
      sources: [
        skipping("admin", "no admin key is configured"),
        skipping("env", "CUSTOM_API_KEY not set"),
      ],
    });
    const decision = await chain.resolve();
    expect(decision.auth).toEqual(decideCredentials({ provider: "custom", env: {} }).auth);
    expect(decision.trace.at(-1)).toEqual({
      source: "none",
      outcome: "chosen",
      reason: "the custom provider needs no key",
    });
    expect(decision.reveal()).toEqual({ kind: "none" });
    await expect(chain.apiKey()).rejects.toMatchObject({ code: "AUTH_KIND_MISMATCH" });
  });

  it("stops at a source that fails instead of falling through (fail closed)", async () => {
    const next = staticSource("env");
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromAdminKey("AKIAIOSFODNN7EXAMPLE:"), next],
    });
    await expect(chain.credentials()).rejects.toThrow(CredentialConfigError);
    expect(next.calls).toBe(0);
    expect(await chain.explain()).toEqual([
      expect.objectContaining({
        source: "admin",
        outcome: "failed",
        reason: expect.stringContaining("ADMIN_KEY_MALFORMED"),
      }),
      { source: "env", outcome: "not-consulted", reason: "an earlier source was chosen" },
    ]);
  });

  it("shares one resolution between 1000 concurrent callers", async () => {
    const source = staticSource("env");
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [source] });
    await Promise.all(Array.from({ length: 1000 }, () => chain.credentials()));
    expect(source.calls).toBe(1);
  });

  it("retries a failed first resolution on the next call instead of caching the failure", async () => {
    let calls = 0;
    const flaky: CredentialSource = {
      name: "flaky",
      async resolve() {
        calls += 1;
        if (calls === 1) throw new Error("connection reset");
        return {
          source: "env",
          kind: "aws-static",
          detail: null,
          credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
          reason: "ok",
        };
      },
    };
    const chain = createCredentialChain({ provider: "bedrock", env: {}, sources: [flaky] });
    // A foreign error is wrapped: coded, naming the source, its message not repeated.
    await expect(chain.credentials()).rejects.toMatchObject({
      code: "SOURCE_FAILED",
      message: expect.stringContaining("flaky"),
    });
    await expect(chain.credentials()).resolves.toMatchObject({ accessKeyId: KEY_ID });
  });

  it("hands bearer tokens to `token` and refuses them as AWS credentials", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromAdminKey("bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9leGFtcGxl")],
    });
    await expect(chain.token()).resolves.toEqual({
      token: "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9leGFtcGxl",
    });
    await expect(chain.credentials()).rejects.toMatchObject({ code: "AUTH_KIND_MISMATCH" });
  });

  it("takes the admin panel's region even when its key is blank", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: { AWS_REGION: "us-west-2", AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET },
      sources: [
        fromAdminKey({ key: "", region: "eu-central-1", modelId: "amazon.nova-micro-v1:0" }),
        fromEnv({ env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET } }),
      ],
    });
    const decision = await chain.resolve();
    expect(decision.auth.source).toBe("env");
    expect(decision.region).toEqual({ value: "eu-central-1", source: "admin" });
    expect(decision.modelId).toEqual({ value: "amazon.nova-micro-v1:0", source: "admin" });
  });

  it("reads the admin config through a function on every fresh resolution", async () => {
    const keys = [
      `${KEY_ID}:${SECRET}`,
      "AKIAI44QH8DHBEXAMPLE:je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    ];
    const read = vi.fn(async () => keys.shift() ?? null);
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromAdminKey(read)],
    });
    expect((await chain.credentials()).accessKeyId).toBe(KEY_ID);
    chain.invalidate();
    expect((await chain.credentials()).accessKeyId).toBe("AKIAI44QH8DHBEXAMPLE");
    expect(read).toHaveBeenCalledTimes(2);
  });

  it("never shows a secret through its decision, trace or errors", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [fromAdminKey(`${KEY_ID}:${SECRET}`)],
    });
    const decision = await chain.resolve();
    const shown = [
      JSON.stringify(decision),
      decision.toString(),
      util.inspect(decision, { showHidden: true, depth: null }),
      JSON.stringify(await chain.explain()),
      util.inspect(chain, { showHidden: true, depth: null }),
    ];
    for (const text of shown) expect(text).not.toContain(SECRET);
    expect(decision.auth.resolved).toEqual({ accessKeyId: "AKIA…MPLE", expiration: null });
  });

  describe("refresh", () => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date("2026-11-22T12:00:00Z"));
    });
    afterEach(() => vi.useRealTimers());

    function expiring() {
      let issued = 0;
      let failNext = false;
      let hold: Promise<void> | undefined;
      const source: CredentialSource & {
        calls: () => number;
        failNext(): void;
        holdNext(p: Promise<void>): void;
      } = {
        name: "sts",
        calls: () => issued,
        failNext: () => {
          failNext = true;
        },
        holdNext: (p) => {
          hold = p;
        },
        async resolve() {
          if (hold) {
            const wait = hold;
            hold = undefined;
            await wait;
          }
          if (failNext) {
            failNext = false;
            throw new Error("ThrottlingException");
          }
          issued += 1;
          return {
            source: "env",
            kind: "aws-static",
            detail: null,
            credentials: {
              accessKeyId: `ASIAEXAMPLE${String(issued).padStart(9, "0")}`,
              secretAccessKey: SECRET,
              sessionToken: `token-${issued}`,
              expiration: new Date(Date.now() + 60 * MIN),
            },
            reason: "issued",
          };
        },
      };
      return source;
    }

    it("refreshes in the background before expiration without blocking callers", async () => {
      const source = expiring();
      const chain = createCredentialChain({
        provider: "bedrock",
        env: {},
        sources: [source],
        refreshBeforeMs: 5 * MIN,
      });
      const first = await chain.credentials();
      vi.advanceTimersByTime(56 * MIN);
      let release!: () => void;
      source.holdNext(new Promise<void>((r) => (release = r)));
      // The refresh is held: callers still get the current credentials at once.
      const during = await Promise.all(Array.from({ length: 50 }, () => chain.credentials()));
      expect(during.every((c) => c.accessKeyId === first.accessKeyId)).toBe(true);
      release();
      await vi.waitFor(async () =>
        expect((await chain.credentials()).accessKeyId).not.toBe(first.accessKeyId),
      );
      expect(source.calls()).toBe(2);
    });

    it("keeps serving unexpired credentials when a refresh fails, and retries", async () => {
      const source = expiring();
      const logger = { error: vi.fn() };
      const chain = createCredentialChain({
        provider: "bedrock",
        env: {},
        sources: [source],
        logger,
      });
      const first = await chain.credentials();
      vi.advanceTimersByTime(57 * MIN);
      source.failNext();
      expect((await chain.credentials()).accessKeyId).toBe(first.accessKeyId);
      await vi.waitFor(() => expect(logger.error).toHaveBeenCalledTimes(1));
      expect((await chain.credentials()).accessKeyId).toBe(first.accessKeyId);
      await vi.waitFor(async () =>
        expect((await chain.credentials()).accessKeyId).not.toBe(first.accessKeyId),
      );
    });
  });
});

describe("createChainFromEnv", () => {
  const snapshots: [string, Record<string, string>, string | undefined][] = [
    [
      "admin pair beats the env",
      { AWS_ACCESS_KEY_ID: "AKIAI44QH8DHBEXAMPLE", AWS_SECRET_ACCESS_KEY: SECRET },
      `${KEY_ID}:${SECRET}`,
    ],
    ["bare secret with env key", { AWS_ACCESS_KEY_ID: KEY_ID }, SECRET],
    [
      "env pair",
      { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "eu-west-1" },
      undefined,
    ],
    [
      "env bearer token",
      { AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key-QUJDREVGR0hJSktMTU5PUA==" },
      undefined,
    ],
    [
      "local secret",
      {
        AWS_BEDROCK_SECRET_NAME: "prod/aws/bedrock",
        SECRET_prod_aws_bedrock: JSON.stringify({
          AccessKeyId: KEY_ID,
          SecretAccessKey: SECRET,
          region: "ap-south-1",
        }),
      },
      undefined,
    ],
  ];

  it.each(snapshots)("agrees with decideCredentials: %s", async (_name, env, adminKey) => {
    const pure = decideCredentials({ provider: "bedrock", env, adminKey });
    const live = await createChainFromEnv({ provider: "bedrock", env, adminKey }).resolve();
    expect({ ...live.auth, resolved: undefined }).toEqual({ ...pure.auth, resolved: undefined });
    expect(live.region).toEqual(pure.region);
    expect(live.warnings).toEqual(pure.warnings);
  });

  it("reports the default chain's failure with every source's reason", async () => {
    const chain = createChainFromEnv({ provider: "bedrock", env: {} });
    const error = await chain.credentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as NoCredentialsError).attempts.map((a) => a.source)).toEqual([
      "admin",
      "secrets-manager",
      "local-secret",
      "env",
      "env-file", // always a row now: "no .env in the working directory" (issue 12)
      "default-chain",
    ]);
    expect((error as Error).message).toContain("AWS_EC2_METADATA_DISABLED");
  });
});

describe("process.env as the snapshot", () => {
  it("is accepted by decideCredentials and the preset as it is", async () => {
    process.env.AWS_ACCESS_KEY_ID = KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    expect(decideCredentials({ provider: "bedrock", env: process.env }).auth.source).toBe("env");
    expect(
      (await createChainFromEnv({ provider: "bedrock", env: process.env }).resolve()).auth.source,
    ).toBe("env");
  });
});
