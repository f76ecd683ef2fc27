// Issue 10: resolveRegion and resolveModelId refuse an unknown key as decideCredentials does, naming
// the nearest valid one, instead of ignoring it (a misspelt adminRegion silently fell to us-east-1).
import { describe, expect, it } from "vitest";
import { resolveModelId, resolveRegion } from "../../src/core/index.js";

const refused = (fn: string, message: RegExp): unknown =>
  expect.objectContaining({
    name: "CredentialConfigError",
    code: "INVALID_INPUT",
    message: expect.stringMatching(new RegExp(`^${fn}.*${message.source}`)),
    hint: expect.any(String),
  });

describe("resolveRegion / resolveModelId input keys", () => {
  it("resolveRegion refuses a misspelt adminRegion, naming adminRegion", () => {
    expect(() => resolveRegion({ env: {}, adminRegon: "eu-west-1" } as never)).toThrow(
      refused("resolveRegion", /unknown option `adminRegon` \(did you mean `adminRegion`\?\)/),
    );
  });

  it("resolveRegion lists every unknown key in one error", () => {
    expect(() =>
      resolveRegion({ env: {}, defaultRegon: "eu-west-1", envfile: {} } as never),
    ).toThrow(
      refused(
        "resolveRegion",
        /`defaultRegon` \(did you mean `defaultRegion`\?\).*`envfile` \(did you mean `envFile`\?\)/,
      ),
    );
  });

  it("resolveModelId refuses a misspelt adminModelId and a key only resolveRegion takes", () => {
    expect(() => resolveModelId({ env: {}, adminModelID: "m" } as never)).toThrow(
      refused("resolveModelId", /unknown option `adminModelID` \(did you mean `adminModelId`\?\)/),
    );
    expect(() => resolveModelId({ env: {}, adminRegion: "eu-west-1" } as never)).toThrow(
      refused("resolveModelId", /unknown option `adminRegion`/),
    );
  });

  it("valid inputs still resolve", () => {
    expect(
      resolveRegion({ env: {}, adminRegion: "eu-west-1", defaultRegion: "us-west-2" }),
    ).toEqual({ value: "eu-west-1", source: "admin" });
    expect(resolveModelId({ env: {}, defaultModelId: "m", useEnv: false })).toEqual({
      value: "m",
      source: "default",
    });
  });
});
