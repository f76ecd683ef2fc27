// Issue 12: an admin key pasted with its quotes (a copied JSON string, a docker --env-file line) is
// refused saying so, for every provider and form, instead of being accepted and failing at the
// provider (or being refused as "unrecognized" without a word about the quotes).
import { describe, expect, it } from "vitest";
import { decideCredentials, parseAdminKey, type Provider } from "../../src/index.js";

const OPENAI = `sk-proj-${"Ab12Cd34Ef".repeat(4)}`;
const ANTHROPIC = `sk-ant-api03-${"Ab12Cd34Ef".repeat(4)}`;
const PAIR = "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const BEDROCK_KEY = "ABSKZXhhbXBsZS1sb25nLXRlcm0ta2V5LWZvci10ZXN0cw==";
const SECRET_ONLY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("an admin key with literal quotes", () => {
  it.each<[Provider, string]>([
    ["openai", OPENAI],
    ["anthropic", ANTHROPIC],
    ["cohere", "co-0123456789abcdefghijklmnop"],
    ["custom", "custom-0123456789abcdef"],
    ["bedrock", PAIR],
    ["bedrock", BEDROCK_KEY],
    ["bedrock", SECRET_ONLY],
  ])(
    "is refused for %s, saying it is wrapped in quotes and never showing the key",
    (provider, key) => {
      for (const quoted of [`"${key}"`, `'${key}'`, ` "${key}"\n`, `\u201C${key}\u201D`]) {
        const attempt = () => decideCredentials({ provider, adminKey: quoted, env: {} });
        expect(attempt).toThrow(
          expect.objectContaining({
            code: "ADMIN_KEY_MALFORMED",
            message: expect.stringContaining("wrapped in literal quotes"),
          }),
        );
        try {
          attempt();
        } catch (error) {
          expect(JSON.stringify(error)).not.toContain(key.slice(-8));
          expect(String(error)).not.toContain(key.slice(-8));
        }
      }
    },
  );

  it.each([
    [`"${OPENAI}`, "starts with a quote character"],
    [`${OPENAI}"`, "ends with a quote character"],
  ])("names a stray quote at one end (%s)", (quoted, what) => {
    expect(() => parseAdminKey(quoted, "openai")).toThrow(
      expect.objectContaining({
        code: "ADMIN_KEY_MALFORMED",
        message: expect.stringContaining(what),
      }),
    );
  });

  it("still accepts the same keys without quotes", () => {
    expect(parseAdminKey(OPENAI, "openai").form).toBe("api-key");
    expect(parseAdminKey(PAIR, "bedrock").form).toBe("pair");
    expect(parseAdminKey(` ${BEDROCK_KEY}\n`, "bedrock").form).toBe("bedrock-api-key");
  });
});
