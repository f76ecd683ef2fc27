import { inspect } from "node:util";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  CredentialConfigError,
  SecretError,
  createSecretStore,
  loadIntoEnv,
} from "../../src/index.js";
import type { LoadIntoEnvOptions, Logger } from "../../src/index.js";

const sm = mockClient(SecretsManagerClient);
const CANARY = "canary-3b7d-loadIntoEnv-never-print-me";

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

function serve(secret: unknown) {
  sm.on(GetSecretValueCommand).resolves({
    SecretString: typeof secret === "string" ? secret : JSON.stringify(secret),
  });
}

const client = () => new SecretsManagerClient({ region: "us-east-1" });

beforeEach(() => {
  sm.reset();
});

describe("loadIntoEnv", () => {
  it("sets every key of a JSON secret and returns the names, converting numbers and booleans", async () => {
    // Prepare
    serve({ DATABASE_URL: "postgres://db", PORT: 8080, DEBUG: false });
    const env: Record<string, string | undefined> = {};

    // Act
    const result = await loadIntoEnv({ secretId: "prod/insightshop/env", env, client: client() });

    // Assess
    expect(result).toEqual({ set: ["DATABASE_URL", "PORT", "DEBUG"], skipped: [] });
    expect(env).toEqual({ DATABASE_URL: "postgres://db", PORT: "8080", DEBUG: "false" });
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: "prod/insightshop/env",
    });
  });

  it("never overrides an existing variable by default", async () => {
    // Prepare
    serve({ PORT: "9000", NEW_ONE: "x" });
    const env: Record<string, string | undefined> = { PORT: "3000" };

    // Act
    const result = await loadIntoEnv({ secretId: "cfg", env, client: client() });

    // Assess
    expect(result).toEqual({ set: ["NEW_ONE"], skipped: ["PORT"] });
    expect(env.PORT).toBe("3000");
  });

  it("overrides existing variables with override: true", async () => {
    serve({ PORT: "9000" });
    const env: Record<string, string | undefined> = { PORT: "3000" };
    const result = await loadIntoEnv({ secretId: "cfg", env, client: client(), override: true });
    expect(result).toEqual({ set: ["PORT"], skipped: [] });
    expect(env.PORT).toBe("9000");
  });

  it("treats an empty existing value as unset", async () => {
    serve({ PORT: "9000" });
    const env: Record<string, string | undefined> = { PORT: " " };
    await expect(loadIntoEnv({ secretId: "cfg", env, client: client() })).resolves.toEqual({
      set: ["PORT"],
      skipped: [],
    });
  });

  it("reads the secret ID from the variable named by secretIdFromEnv", async () => {
    // Prepare
    serve({ A: "1" });
    const env: Record<string, string | undefined> = { AWS_SECRETS_INSIGHTSHOP: "prod/insightshop" };

    // Act
    await loadIntoEnv({ secretIdFromEnv: "AWS_SECRETS_INSIGHTSHOP", env, client: client() });

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: "prod/insightshop",
    });
    expect(env.A).toBe("1");
  });

  it("fails with INVALID_INPUT naming the variable when secretIdFromEnv is unset", async () => {
    await expect(
      loadIntoEnv({ secretIdFromEnv: "AWS_SECRETS_INSIGHTSHOP", env: {}, client: client() }),
    ).rejects.toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringContaining("AWS_SECRETS_INSIGHTSHOP"),
      }),
    );
  });

  it.each([
    ["neither secretId nor secretIdFromEnv", {}],
    ["both secretId and secretIdFromEnv", { secretId: "a", secretIdFromEnv: "B" }],
    ["a secretIdFromEnv that is not a variable name", { secretIdFromEnv: "not a name" }],
    [
      "store together with client",
      { secretId: "a", store: createSecretStore({ env: {} }), client: client() },
    ],
  ])("rejects %s with INVALID_OPTION", async (_case, options) => {
    await expect(loadIntoEnv({ env: {}, ...(options as LoadIntoEnvOptions) })).rejects.toThrow(
      CredentialConfigError,
    );
    await expect(loadIntoEnv({ env: {}, ...(options as LoadIntoEnvOptions) })).rejects.toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it.each([
    ["a nested object", { GOOD: "1", BAD: { deep: CANARY } }, "BAD"],
    ["an array", { GOOD: "1", LIST: [CANARY] }, "LIST"],
    ["null", { GOOD: "1", NOTHING: null }, "NOTHING"],
    ["an invalid name", { GOOD: "1", "1STARTS_WITH_DIGIT": CANARY }, "1STARTS_WITH_DIGIT"],
    ["a name with a dash", { GOOD: "1", "has-dash": CANARY }, "has-dash"],
    ["an exported bash function's name", { GOOD: "1", "BASH_FUNC_ls%%": CANARY }, "BASH_FUNC_ls%%"],
  ])("rejects a secret with %s and sets nothing", async (_case, secret, key) => {
    // Prepare
    serve(secret);
    const env: Record<string, string | undefined> = {};

    // Act
    const error = (await loadIntoEnv({ secretId: "cfg", env, client: client() }).catch(
      (e: unknown) => e,
    )) as SecretError;

    // Assess
    expect(error).toBeInstanceOf(SecretError);
    expect(error.code).toBe("SECRET_MALFORMED");
    expect(error.message).toContain(key);
    expect(error.message + error.hint + inspect(error)).not.toContain(CANARY);
    expect(env).toEqual({});
  });

  it("rejects a plain-text secret", async () => {
    serve("just-a-token");
    await expect(loadIntoEnv({ secretId: "cfg", env: {}, client: client() })).rejects.toThrow(
      expect.objectContaining({ code: "SECRET_MALFORMED" }),
    );
  });

  it("reads through a given store, sharing its cache", async () => {
    // Prepare
    serve({ A: "1" });
    const store = createSecretStore({ client: client(), env: {} });
    await store.get("cfg");

    // Act
    await loadIntoEnv({ secretId: "cfg", env: {}, store });

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("falls back to a local SECRET_<name> and can skip Secrets Manager entirely", async () => {
    const env: Record<string, string | undefined> = { SECRET_prod_cfg: '{"FROM_LOCAL":"yes"}' };
    await expect(
      loadIntoEnv({ secretId: "prod/cfg", env, useSecretsManager: false }),
    ).resolves.toEqual({
      set: ["FROM_LOCAL"],
      skipped: [],
    });
    expect(sm.calls()).toHaveLength(0);
  });

  it("never puts a value in its result or its log lines", async () => {
    // Prepare
    serve({ API_KEY: CANARY, EXISTING: CANARY, COUNT: 3 });
    const logger = spyLogger();
    const env: Record<string, string | undefined> = { EXISTING: "kept" };

    // Act
    const result = await loadIntoEnv({ secretId: "cfg", env, client: client(), logger });

    // Assess
    expect(env.API_KEY).toBe(CANARY);
    expect(env.EXISTING).toBe("kept");
    expect(logger.info).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ set: ["API_KEY", "COUNT"], skipped: ["EXISTING"] }),
    );
    const emitted = JSON.stringify([
      result,
      logger.debug.mock.calls,
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
    expect(emitted).not.toContain(CANARY);
    expect(inspect(result)).not.toContain(CANARY);
  });
});

describe("loadIntoEnv: variables a secret may not set", () => {
  const load = async (secret: unknown, options: Partial<LoadIntoEnvOptions> = {}) => {
    serve(secret);
    const env: Record<string, string | undefined> = { KEPT: "as-before" };
    const before = { ...env };
    const outcome = await loadIntoEnv({ secretId: "cfg", env, client: client(), ...options }).then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error: error as SecretError }),
    );
    return { ...outcome, env, before };
  };

  it.each([
    "NODE_OPTIONS",
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "DYLD_INSERT_LIBRARIES",
    "NODE_TLS_REJECT_UNAUTHORIZED",
    "NODE_EXTRA_CA_CERTS",
    "HTTPS_PROXY",
    "https_proxy",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "PATH",
    "BASH_ENV",
    "ENV",
    "OPENSSL_CONF",
    "OPENSSL_MODULES",
    "OPENSSL_ENGINES",
    "GCONV_PATH",
    // Shell start-up, option, trace and prompt variables: each runs code in a shell the service spawns.
    "SHELLOPTS",
    "BASHOPTS",
    "PS4",
    "PS1",
    "PROMPT_COMMAND",
    // Programs and command lines other tools run, and their configuration.
    "GIT_SSH_COMMAND",
    "GIT_SSH",
    "GIT_ASKPASS",
    "GIT_EXEC_PATH",
    "GIT_CONFIG_COUNT",
    "GIT_CONFIG_KEY_0",
    "GIT_CONFIG_VALUE_0",
    "GIT_CONFIG_PARAMETERS",
    "git_pager",
    "SSH_ASKPASS",
    "SSH_ASKPASS_REQUIRE",
    "SUDO_ASKPASS",
    "SSH_AUTH_SOCK",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "MANPAGER",
    "LESSOPEN",
    "BROWSER",
    "SHELL",
    "NPM_CONFIG_SCRIPT_SHELL",
    "npm_config_node_options",
    "XDG_CONFIG_HOME",
  ])(
    "refuses a secret that sets %s: nothing set, the name shown, never the value",
    async (name) => {
      // Act
      const { error, env, before } = await load({ SAFE: "1", [name]: CANARY });

      // Assess
      expect(error).toMatchObject({
        code: "SECRET_PROTECTED_VARIABLE",
        message: expect.stringContaining(name),
      });
      expect(inspect(error, { showHidden: true, depth: null }) + error?.hint).not.toContain(CANARY);
      expect(env).toEqual(before);
    },
  );

  it("names every protected variable of the secret at once", async () => {
    const { error } = await load({ NODE_OPTIONS: CANARY, HTTPS_PROXY: CANARY, SAFE: "1" });
    expect(error?.message).toMatch(/NODE_OPTIONS.*HTTPS_PROXY/);
  });

  it("sets a protected variable the caller opts in with allow, in any case", async () => {
    // Act
    const { result, env } = await load(
      { HTTPS_PROXY: "http://proxy.internal:3128", SAFE: "1" },
      { allow: ["https_proxy"] },
    );

    // Assess
    expect(result?.set).toEqual(["HTTPS_PROXY", "SAFE"]);
    expect(env.HTTPS_PROXY).toBe("http://proxy.internal:3128");
  });

  it("still refuses the protected names allow does not list", async () => {
    const { error, env, before } = await load(
      { HTTPS_PROXY: "http://proxy.internal:3128", NODE_OPTIONS: CANARY },
      { allow: ["HTTPS_PROXY"] },
    );
    expect(error).toMatchObject({ code: "SECRET_PROTECTED_VARIABLE" });
    expect(error?.message).toContain("NODE_OPTIONS");
    expect(error?.message).not.toContain("HTTPS_PROXY");
    expect(env).toEqual(before);
  });

  it("refuses an allow entry that is no protected name (a misspelling), before any request", async () => {
    // Act
    const { error } = await load({ HTTPS_PROXY: "http://proxy" }, { allow: ["HTTPS_PROXI"] });

    // Assess
    expect(error).toMatchObject({
      code: "INVALID_OPTION",
      message: expect.stringMatching(/allow.*HTTPS_PROXI.*did you mean `HTTPS_PROXY`/),
    });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it("sets shell and tool variables the caller opts in with allow (GIT_CONFIG_KEY_0 under GIT_*)", async () => {
    // Act
    const { result, env } = await load(
      { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "user.name", PS4: "+ ", SAFE: "1" },
      { allow: ["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "PS4"] },
    );

    // Assess
    expect(result?.set).toEqual(["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "PS4", "SAFE"]);
    expect(env.GIT_CONFIG_KEY_0).toBe("user.name");
  });

  it("accepts allow entries covered by a pattern (AWS_ENDPOINT_URL_S3 under AWS_ENDPOINT_URL_*)", async () => {
    const { result } = await load(
      { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9000" },
      { allow: ["AWS_ENDPOINT_URL_S3"] },
    );
    expect(result?.set).toEqual(["AWS_ENDPOINT_URL_S3"]);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])(
    "refuses the Object.prototype name %s with a coded error, setting nothing",
    async (name) => {
      // Prepare: raw JSON, so that "__proto__" is an own key as JSON.parse makes it.
      const { error, env, before } = await load(`{"SAFE":"1",${JSON.stringify(name)}:"${CANARY}"}`);

      // Assess
      expect(error).toMatchObject({
        code: "SECRET_MALFORMED",
        message: expect.stringContaining(name),
      });
      expect(inspect(error, { showHidden: true, depth: null })).not.toContain(CANARY);
      expect(env).toEqual(before);
      expect(Object.prototype).not.toHaveProperty("SAFE");
    },
  );

  it("refuses a value with a NUL byte instead of letting the OS cut it, naming the key", async () => {
    const { error, env, before } = await load({ SAFE: "1", API_TOKEN: `abc\0${CANARY}` });
    expect(error).toMatchObject({
      code: "SECRET_MALFORMED",
      message: expect.stringContaining("API_TOKEN"),
    });
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain(CANARY);
    expect(env).toEqual(before);
  });

  it("keeps multi-line values such as a PEM key (newlines are not refused)", async () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n";
    const { result, env } = await load({ TLS_KEY: pem });
    expect(result?.set).toEqual(["TLS_KEY"]);
    expect(env.TLS_KEY).toBe(pem);
  });

  it("leaves process.env untouched when a secret names NODE_OPTIONS", async () => {
    serve({ NODE_OPTIONS: "--require ./evil.cjs", SAFE_FROM_TEST: "1" });
    const before = process.env.NODE_OPTIONS;
    await expect(loadIntoEnv({ secretId: "cfg", client: client() })).rejects.toMatchObject({
      code: "SECRET_PROTECTED_VARIABLE",
    });
    expect(process.env.NODE_OPTIONS).toBe(before);
    expect(process.env.SAFE_FROM_TEST).toBeUndefined();
  });
});
