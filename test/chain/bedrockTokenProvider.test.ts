// bedrockTokenProvider through the public API: keys minted with the real generator and checked
// by the Bedrock emulator's verifier (the presigned signature re-computed with the issuing key's
// secret, the region, the expiry). The generator is wrapped only to count its mints.
import { inspect } from "node:util";
import type * as TokenGenerator from "@aws/bedrock-token-generator";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BEDROCK_TOKEN_MAX_SECONDS,
  bedrockTokenProvider,
  createAwsChain,
  createTenantResolver,
  memoryCredentialStore,
} from "../../src/index.js";
import { flushPromises } from "../../src/testing/index.js";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_SECRET_ACCESS_KEY,
  createCredentialRegistry,
} from "../support/credentialRegistry.js";
import { verifyBedrockApiKey } from "../support/startBedrockEmulator.js";

const generator = vi.hoisted(() => ({ mints: 0 }));
vi.mock("@aws/bedrock-token-generator", async (importOriginal) => {
  const real = await importOriginal<typeof TokenGenerator>();
  return {
    ...real,
    getToken: async (config: Parameters<typeof real.getToken>[0]) => {
      generator.mints += 1;
      return real.getToken(config);
    },
  };
});

const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);
const MINUTE = 60_000;
const registry = createCredentialRegistry();

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ["Date"] });
  generator.mints = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

/** A credentials provider that counts its calls and serves whatever `current` holds. */
function counting(initial: AwsCredentialIdentity) {
  const state = { current: initial, calls: 0 };
  const provider: AwsCredentialIdentityProvider = async () => {
    state.calls += 1;
    return { ...state.current };
  };
  return Object.assign(state, { provider });
}

const verify = (token: string, region = "us-east-1") =>
  verifyBedrockApiKey(token, { credentials: registry, region, now: Date.now });

/** The presigned lifetime a key states. */
const expiresOf = (token: string): number =>
  Number(
    /X-Amz-Expires=(\d+)/.exec(
      Buffer.from(token.slice("bedrock-api-key-".length), "base64").toString("utf8"),
    )?.[1],
  );

describe("bedrockTokenProvider: what it mints", () => {
  it("mints a key Bedrock verifies against the issuing key, for the region asked only", async () => {
    const provider = bedrockTokenProvider(async () => EXAMPLE_CREDENTIALS, {
      region: "eu-west-1",
    });
    const { token, expiration } = await provider();

    expect(await verify(token, "eu-west-1")).toMatchObject({
      ok: true,
      accessKeyId: EXAMPLE_ACCESS_KEY_ID,
      region: "eu-west-1",
    });
    expect(await verify(token, "us-east-1")).toMatchObject({ ok: false, failure: "wrong-region" });
    expect(expiresOf(token)).toBe(BEDROCK_TOKEN_MAX_SECONDS);
    expect(expiration).toEqual(new Date(T0 + BEDROCK_TOKEN_MAX_SECONDS * 1000));
  });

  it("mints from a credential chain: the env pair it resolves signs the key", async () => {
    const pair = registry.issueLongTerm();
    const chain = createAwsChain({
      env: { AWS_ACCESS_KEY_ID: pair.accessKeyId, AWS_SECRET_ACCESS_KEY: pair.secretAccessKey },
      envFile: false,
    });
    const { token } = await bedrockTokenProvider(chain, { region: "us-east-1" })();
    expect(await verify(token)).toMatchObject({ ok: true, accessKeyId: pair.accessKeyId });
  });

  it("mints from a tenant session with the tenant's key, never the service's", async () => {
    const tenantKey = registry.issueLongTerm();
    const resolver = createTenantResolver({ store: memoryCredentialStore() });
    await resolver.storeCredentials("acme", {
      credentialId: "primary",
      awsAccessKeyId: tenantKey.accessKeyId,
      awsSecretAccessKey: tenantKey.secretAccessKey,
    });
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    const { token } = await bedrockTokenProvider(session, { region: session.region })();
    expect(await verify(token, session.region)).toMatchObject({
      ok: true,
      accessKeyId: tenantKey.accessKeyId,
    });
  });

  it("carries the session token of temporary credentials", async () => {
    const temp = registry.issueTemporary();
    const { token } = await bedrockTokenProvider(async () => temp, { region: "us-east-1" })();
    expect(await verify(token)).toMatchObject({ ok: true, hasSessionToken: true });
  });

  it.each([
    ["credentials with 10 minutes left", 10 * MINUTE, undefined, 600],
    ["credentials with 13 hours left (the 12-hour cap)", 13 * 60 * MINUTE, undefined, 43_200],
    ["expiresInSeconds shorter than the credentials", 60 * MINUTE, 900, 900],
    ["credentials shorter than expiresInSeconds", 5 * MINUTE, 3600, 300],
  ])(
    "lives as long as the shorter of the two: %s",
    async (_, credentialsLeftMs, expiresInSeconds, expected) => {
      const temp = registry.issueTemporary({ durationMs: credentialsLeftMs });
      const provider = bedrockTokenProvider(async () => temp, {
        region: "us-east-1",
        ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
      });
      const { token, expiration } = await provider();
      expect(expiresOf(token)).toBe(expected);
      expect(expiration).toEqual(new Date(T0 + expected * 1000));
      expect(expiration!.getTime()).toBeLessThanOrEqual(temp.expiration!.getTime());
      expect(await verify(token)).toMatchObject({ ok: true });
    },
  );

  it("refuses to mint from expired credentials with CREDENTIALS_EXPIRED and a hint", async () => {
    const provider = bedrockTokenProvider(
      async () => ({ ...EXAMPLE_CREDENTIALS, expiration: new Date(T0 - 1000) }),
      { region: "us-east-1" },
    );
    await expect(provider()).rejects.toMatchObject({
      code: "CREDENTIALS_EXPIRED",
      hint: expect.any(String),
    });
    expect(generator.mints).toBe(0);
  });

  it("names a credentials failure SOURCE_FAILED without repeating what the error said", async () => {
    const provider = bedrockTokenProvider(
      async () => {
        throw new Error(`could not load ${EXAMPLE_SECRET_ACCESS_KEY}`);
      },
      { region: "us-east-1" },
    );
    const error = await provider().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SOURCE_FAILED", hint: expect.any(String) });
    expect(inspect(error)).not.toContain(EXAMPLE_SECRET_ACCESS_KEY);
  });

  it("refuses credentials that are not an access key pair with SOURCE_FAILED", async () => {
    const provider = bedrockTokenProvider(
      async () => ({ accessKeyId: "", secretAccessKey: 42 }) as unknown as AwsCredentialIdentity,
      { region: "us-east-1" },
    );
    await expect(provider()).rejects.toMatchObject({ code: "SOURCE_FAILED" });
    expect(generator.mints).toBe(0);
  });
});

describe("bedrockTokenProvider: when it mints again", () => {
  it("mints once for concurrent first callers", async () => {
    const creds = counting(EXAMPLE_CREDENTIALS);
    const provider = bedrockTokenProvider(creds.provider, { region: "us-east-1" });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider()));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(creds.calls).toBe(1);
    expect(generator.mints).toBe(1);
  });

  it("mints once per credentials identity when the credentials expire within the refresh window", async () => {
    // Prepare: credentials with 4 minutes left, inside the 5-minute refresh window from the start.
    const creds = counting(registry.issueTemporary({ durationMs: 4 * MINUTE }));
    const provider = bedrockTokenProvider(creds.provider, { region: "us-east-1" });

    // Act: five calls a second apart
    const first = await provider();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      expect((await provider()).token).toBe(first.token);
      await flushPromises();
    }

    // Assess: a key from the same credentials could live no longer, so none was minted; the
    // credentials were asked once more, to see whether they had been renewed
    expect(generator.mints).toBe(1);
    expect(creds.calls).toBe(2);
    expect(first.expiration).toEqual(creds.current.expiration);

    // and again ten seconds later
    vi.advanceTimersByTime(10_000);
    await provider();
    await flushPromises();
    expect(creds.calls).toBe(3);
    expect(generator.mints).toBe(1);
  });

  it("refuses with CREDENTIALS_EXPIRED once the credentials it was cut short by have ended", async () => {
    const creds = counting(registry.issueTemporary({ durationMs: MINUTE }));
    const provider = bedrockTokenProvider(creds.provider, { region: "us-east-1" });
    await provider();
    vi.advanceTimersByTime(MINUTE);
    await expect(provider()).rejects.toMatchObject({ code: "CREDENTIALS_EXPIRED" });
    expect(generator.mints).toBe(1);
  });

  it("mints from new credentials as soon as the provider serves them", async () => {
    const creds = counting(registry.issueTemporary({ durationMs: 4 * MINUTE }));
    const provider = bedrockTokenProvider(creds.provider, { region: "us-east-1" });
    const first = await provider();

    vi.advanceTimersByTime(30_000);
    const renewed = registry.issueTemporary({ durationMs: 60 * MINUTE });
    creds.current = renewed;
    await provider(); // still the first key; asks the credentials in the background
    await flushPromises();
    const second = await provider();

    expect(second.token).not.toBe(first.token);
    expect(await verify(second.token)).toMatchObject({
      ok: true,
      accessKeyId: renewed.accessKeyId,
    });
    expect(expiresOf(second.token)).toBe(3600);
    expect(generator.mints).toBe(2);
  });

  it("refreshes ahead of expiry in the background: callers never wait, the old key stays valid", async () => {
    const creds = counting(EXAMPLE_CREDENTIALS);
    const provider = bedrockTokenProvider(creds.provider, {
      region: "us-east-1",
      expiresInSeconds: 3600,
    });
    const first = await provider();

    vi.advanceTimersByTime(54 * MINUTE);
    expect((await provider()).token).toBe(first.token);
    await flushPromises();
    expect(generator.mints).toBe(1);

    vi.advanceTimersByTime(2 * MINUTE); // inside the 5-minute window
    expect((await provider()).token).toBe(first.token);
    await flushPromises();
    const second = await provider();

    expect(generator.mints).toBe(2);
    expect(second.token).not.toBe(first.token);
    expect(second.expiration).toEqual(new Date(Date.now() + 3600_000));
    expect(await verify(first.token)).toMatchObject({ ok: true });
    expect(await verify(second.token)).toMatchObject({ ok: true });
  });

  it("refreshes a key shorter than the refresh window at half its life, not on every call", async () => {
    const provider = bedrockTokenProvider(async () => EXAMPLE_CREDENTIALS, {
      region: "us-east-1",
      expiresInSeconds: 120,
    });
    const first = await provider();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(10_000);
      expect((await provider()).token).toBe(first.token);
      await flushPromises();
    }
    expect(generator.mints).toBe(1);

    vi.advanceTimersByTime(15_000); // 65 s: past half of 120 s
    await provider();
    await flushPromises();
    expect(generator.mints).toBe(2);
  });

  it("keeps serving a valid key when a background refresh fails, and retries at a measured pace", async () => {
    const creds = counting(EXAMPLE_CREDENTIALS);
    const provider = bedrockTokenProvider(
      async () => {
        if (creds.calls++ > 0) throw new Error("ECONNREFUSED");
        return EXAMPLE_CREDENTIALS;
      },
      { region: "us-east-1", expiresInSeconds: 3600 },
    );
    const first = await provider();
    vi.advanceTimersByTime(56 * MINUTE);
    for (let i = 0; i < 5; i++) {
      expect((await provider()).token).toBe(first.token);
      await flushPromises();
    }
    expect(creds.calls).toBe(2);
    vi.advanceTimersByTime(MINUTE);
    await provider();
    await flushPromises();
    expect(creds.calls).toBe(3);
  });

  it("mints anew after invalidate(), and the forgotten key reports itself expired", async () => {
    const provider = bedrockTokenProvider(async () => EXAMPLE_CREDENTIALS, {
      region: "us-east-1",
    });
    const first = await provider();
    vi.advanceTimersByTime(2000);
    provider.invalidate();
    const second = await provider();
    expect(second.token).not.toBe(first.token);
    expect(first.expiration!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(generator.mints).toBe(2);
  });
});

describe("bedrockTokenProvider: recoverFromAuthFailure", () => {
  function rotatingChain() {
    const before = registry.issueLongTerm();
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: before.accessKeyId,
      AWS_SECRET_ACCESS_KEY: before.secretAccessKey,
    };
    const chain = createAwsChain({ env, envFile: false });
    const rotate = () => {
      const after = registry.issueLongTerm();
      env.AWS_ACCESS_KEY_ID = after.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = after.secretAccessKey;
      return after;
    };
    return { chain, before, rotate };
  }

  it("recovers the chain behind a refused key and mints from the new credentials", async () => {
    const { chain, rotate } = rotatingChain();
    const provider = bedrockTokenProvider(chain, { region: "us-east-1" });
    const refused = await provider();
    const after = rotate();

    await expect(provider.recoverFromAuthFailure({ token: refused.token })).resolves.toBe(true);

    const next = await provider();
    expect(await verify(next.token)).toMatchObject({ ok: true, accessKeyId: after.accessKeyId });
    // The SDK keeps the identity it was given until it looks expired: the refused one now does.
    expect(refused.expiration!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("says no when the credentials are still the ones that minted the refused key", async () => {
    const { chain, before } = rotatingChain();
    const provider = bedrockTokenProvider(chain, { region: "us-east-1" });
    const refused = await provider();
    await expect(provider.recoverFromAuthFailure({ token: refused.token })).resolves.toBe(false);
    expect(await verify((await provider()).token)).toMatchObject({
      accessKeyId: before.accessKeyId,
    });
  });

  it("answers a refusal of a key it has replaced since without resolving again", async () => {
    const creds = counting(EXAMPLE_CREDENTIALS);
    const provider = bedrockTokenProvider(creds.provider, { region: "us-east-1" });
    const old = await provider();
    vi.advanceTimersByTime(2000);
    provider.invalidate();
    await provider();
    const calls = creds.calls;
    await expect(provider.recoverFromAuthFailure({ token: old.token })).resolves.toBe(true);
    expect(creds.calls).toBe(calls);
  });

  it("recovers once for concurrent refusals of one key", async () => {
    const { chain, rotate } = rotatingChain();
    const provider = bedrockTokenProvider(chain, { region: "us-east-1" });
    const refused = await provider();
    rotate();
    vi.advanceTimersByTime(1000);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => provider.recoverFromAuthFailure({ token: refused.token })),
    );
    expect(results).toEqual(Array(10).fill(true));
    expect(generator.mints).toBe(2);
  });

  it("recovers a tenant session whose stored key was rotated", async () => {
    const first = registry.issueLongTerm();
    const resolver = createTenantResolver({ store: memoryCredentialStore() });
    await resolver.storeCredentials("acme", {
      credentialId: "primary",
      awsAccessKeyId: first.accessKeyId,
      awsSecretAccessKey: first.secretAccessKey,
    });
    const session = await resolver.initialize("acme", { credentialId: "primary" });
    const provider = bedrockTokenProvider(session, { region: session.region });
    const refused = await provider();
    const second = registry.issueLongTerm();
    await resolver.rotateCredentials("acme", "primary", {
      awsAccessKeyId: second.accessKeyId,
      awsSecretAccessKey: second.secretAccessKey,
    });

    await expect(provider.recoverFromAuthFailure({ token: refused.token })).resolves.toBe(true);
    expect(await verify((await provider()).token, session.region)).toMatchObject({
      ok: true,
      accessKeyId: second.accessKeyId,
    });
  });
});

describe("bedrockTokenProvider: options and safety", () => {
  const source = async () => EXAMPLE_CREDENTIALS;

  it.each([
    [
      "a typo",
      { region: "us-east-1", expireInSeconds: 60 },
      /unknown option `expireInSeconds` \(did you mean `expiresInSeconds`\?\)/,
    ],
    ["no region", {}, /region/],
    ["a malformed region", { region: "mars-1" }, /option `region` must be an AWS region code/],
    ["zero seconds", { region: "us-east-1", expiresInSeconds: 0 }, /expiresInSeconds/],
    ["more than 12 hours", { region: "us-east-1", expiresInSeconds: 43_201 }, /at most 43200/],
    ["a fraction", { region: "us-east-1", expiresInSeconds: 1.5 }, /whole number/],
    ["a negative refresh window", { region: "us-east-1", refreshBeforeMs: -1 }, /refreshBeforeMs/],
    ["null", null, /options must be an object \(got null\)/],
    ["nothing", undefined, /options must be an object/],
  ])("refuses %s with INVALID_OPTION and a hint", (_, options, message) => {
    let error: unknown;
    try {
      bedrockTokenProvider(source, options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "INVALID_OPTION", hint: expect.any(String) });
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ["null", null],
    ["an object without credentials", {}],
    ["a string", EXAMPLE_SECRET_ACCESS_KEY],
  ])("refuses %s as the source with INVALID_OPTION, never echoing it", (_, bad) => {
    let error: unknown;
    try {
      bedrockTokenProvider(bad as never, { region: "us-east-1" });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "INVALID_OPTION", hint: expect.any(String) });
    expect(inspect(error)).not.toContain(EXAMPLE_SECRET_ACCESS_KEY);
  });

  it("shows no credential or key in its string, JSON or inspect forms", async () => {
    const provider = bedrockTokenProvider(source, { region: "us-east-1" });
    const { token } = await provider();
    for (const shown of [String(provider), JSON.stringify(provider) ?? "", inspect(provider)]) {
      expect(shown).not.toContain(EXAMPLE_SECRET_ACCESS_KEY);
      expect(shown).not.toContain(token.slice(-12));
    }
  });
});
