// skippingSource checks its arguments like the other test sources: a name and a reason that are
// strings, and options with the one helper (a misspelt `warnings` named, null refused).
import { describe, expect, it } from "vitest";
import { skippingSource } from "../../src/testing/index.js";

const refused = (message: RegExp): unknown =>
  expect.objectContaining({
    name: "CredentialConfigError",
    code: "INVALID_OPTION",
    message: expect.stringMatching(message),
    hint: expect.any(String),
  });

describe("skippingSource arguments", () => {
  it("refuses a misspelt option, naming the valid one", () => {
    expect(() => skippingSource("env", "no pair", { warning: ["x"] } as never)).toThrow(
      refused(/unknown option `warning` \(did you mean `warnings`\?\)/),
    );
  });

  it("refuses null options and warnings that are not strings", () => {
    expect(() => skippingSource("env", "no pair", null as never)).toThrow(
      refused(/options must be an object \(got null\)/),
    );
    expect(() => skippingSource("env", "no pair", { warnings: [42] } as never)).toThrow(
      refused(/option `warnings/),
    );
  });

  it("refuses a name or reason that is not a string (an options object in the name's place)", () => {
    expect(() => skippingSource({ reason: "x" } as never, "r")).toThrow(
      refused(/skippingSource: the name must be a non-empty string/),
    );
    expect(() => skippingSource("env", undefined as never)).toThrow(
      refused(/skippingSource: the reason must be a string/),
    );
  });

  it("still skips with its reason and warnings", async () => {
    const source = skippingSource("env", "no pair", { warnings: ["partial pair"] });
    await expect(source.resolve({} as never)).rejects.toMatchObject({
      code: "SOURCE_SKIPPED",
      warnings: ["partial pair"],
    });
  });
});
