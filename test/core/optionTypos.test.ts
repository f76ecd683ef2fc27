// Issue 10, "one way to check options": the entry points added since (the service chain, the client
// helpers, llmApiKey, bedrockTokenProvider's options, rotateCredentials' options) and
// decideCredentials refuse a misspelt option naming it with the nearest valid name, and null with a
// coded error; names are hidden only when they look like a credential.
import { describe, expect, it } from "vitest";
import {
  bedrockTokenProvider,
  createAwsChain,
  createTenantResolver,
  decideCredentials,
  fromDefaultChain,
  llmApiKey,
  memoryCredentialStore,
  pollyClientConfig,
  s3ClientConfig,
  secretsManagerClientConfig,
  sesClientConfig,
  type DecideInput,
} from "../../src/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const chain = () => createAwsChain({ env: {}, envFile: false });

const typo = (wrong: string, right: string): unknown =>
  expect.objectContaining({
    code: "INVALID_OPTION",
    message: expect.stringMatching(new RegExp(`\`${wrong}\`.*did you mean \`${right}\``)),
  });

describe("a misspelt option is named with the nearest valid one", () => {
  it.each<[string, () => unknown, string, string]>([
    ["createAwsChain", () => createAwsChain({ envFiles: false } as never), "envFiles", "envFile"],
    [
      "pollyClientConfig",
      () => pollyClientConfig({ regoin: "eu-west-1" } as never),
      "regoin",
      "region",
    ],
    ["s3ClientConfig", () => s3ClientConfig({ chian: chain() } as never), "chian", "chain"],
    ["sesClientConfig", () => sesClientConfig({ evn: {} } as never), "evn", "env"],
    [
      "secretsManagerClientConfig",
      () => secretsManagerClientConfig({ envfile: false } as never),
      "envfile",
      "envFile",
    ],
    [
      "bedrockTokenProvider",
      () => bedrockTokenProvider(chain(), { region: "us-east-1", expiresIn: 60 } as never),
      "expiresIn",
      "expiresInSeconds",
    ],
    // Names that merely start like a key prefix are shown: only credential shapes are hidden.
    [
      "fromDefaultChain",
      () => fromDefaultChain({ skipEnvs: true } as never),
      "skipEnvs",
      "skipEnv",
    ],
  ])("%s", (_fn, run, wrong, right) => {
    expect(run).toThrow(typo(wrong, right));
  });

  it("llmApiKey", async () => {
    await expect(llmApiKey("openai", { envFiles: false } as never)).rejects.toThrow(
      typo("envFiles", "envFile"),
    );
  });

  it("rotateCredentials refuses { verfy: true } instead of skipping the STS check", async () => {
    const resolver = createTenantResolver({ store: memoryCredentialStore() });
    await resolver.storeCredentials("acme", {
      credentialId: "primary",
      awsAccessKeyId: KEY_ID,
      awsSecretAccessKey: SECRET,
    });
    await expect(
      resolver.rotateCredentials(
        "acme",
        "primary",
        { awsAccessKeyId: "AKIAI44QH8DHBEXAMPLE", awsSecretAccessKey: SECRET },
        { verfy: true } as never,
      ),
    ).rejects.toThrow(typo("verfy", "verify"));
    // Nothing was rotated.
    const [stored] = await resolver.listCredentials("acme");
    expect(stored?.rotatedAt).toBeUndefined();
  });

  it("decideCredentials names the key (keeping its INVALID_INPUT code)", () => {
    expect(() =>
      decideCredentials({ provider: "bedrock", env: {}, adminKeys: "x" } as unknown as DecideInput),
    ).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringMatching(
          /at: adminKeys: unknown option `adminKeys` \(did you mean `adminKey`\?\)/,
        ),
      }),
    );
  });

  it("hides an unknown key that looks like a credential, and says one was hidden", () => {
    expect(() => fromDefaultChain({ [KEY_ID]: SECRET } as never)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining("1 unknown option(s) whose names are not shown"),
      }),
    );
    expect(() => fromDefaultChain({ [KEY_ID]: SECRET } as never)).not.toThrow(
      expect.objectContaining({ message: expect.stringContaining(KEY_ID) }),
    );
  });
});

describe("null or a non-object is a coded error, never a TypeError", () => {
  it.each<[string, () => unknown]>([
    ["createAwsChain(null)", () => createAwsChain(null as never)],
    ["pollyClientConfig(null)", () => pollyClientConfig(null as never)],
    ["s3ClientConfig(7)", () => s3ClientConfig(7 as never)],
    ["sesClientConfig([])", () => sesClientConfig([] as never)],
    ["secretsManagerClientConfig(null)", () => secretsManagerClientConfig(null as never)],
    ["bedrockTokenProvider(chain, null)", () => bedrockTokenProvider(chain(), null as never)],
  ])("%s", (_call, run) => {
    expect(run).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTION",
        message: expect.stringContaining("options must be an object"),
      }),
    );
  });

  it("llmApiKey(provider, null)", async () => {
    await expect(llmApiKey("openai", null as never)).rejects.toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it("decideCredentials(null) says the input must be an object", () => {
    expect(() => decideCredentials(null as unknown as DecideInput)).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        message: expect.stringContaining("the input must be an object (got null)"),
      }),
    );
  });
});
