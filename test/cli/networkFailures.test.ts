// Network failures say what failed: the SDK error's code (ECONNREFUSED), never "Error", and a hint
// that fits the command (a push is a write: no cached value to fall back on).
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET_ACCESS_KEY } from "../support/credentialRegistry.js";
import { runCliInProcess } from "./runCliInProcess.js";

let env: Record<string, string>;

beforeAll(async () => {
  // A port nothing listens on.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  env = {
    AWS_ACCESS_KEY_ID: EXAMPLE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_SECRET_ACCESS_KEY,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
    AWS_MAX_ATTEMPTS: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
});

describe("CLI network failures name the failure", () => {
  it("doctor --secret reports ECONNREFUSED for the secret's check", async () => {
    const run = await runCliInProcess(["doctor", "--secret", "prod/app", "--json"], { env });
    const checks = (run.json() as { checks: { check: string; detail: string; code?: string }[] })
      .checks;
    const secret = checks.find((c) => c.check === "secret prod/app");
    expect(secret).toMatchObject({
      code: "SECRET_UNAVAILABLE",
      detail: expect.stringContaining("ECONNREFUSED"),
    });
    expect(secret?.detail).not.toContain("(Error)");
  });

  it("secrets get reports ECONNREFUSED", async () => {
    const run = await runCliInProcess(["secrets", "get", "prod/app"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("SECRET_UNAVAILABLE");
    expect(run.stderr).toContain("ECONNREFUSED");
  });

  it("secrets push reports ECONNREFUSED with a hint for a write, not about cached values", async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), "credchain-net-")), ".env");
    writeFileSync(path, "A=1\n");

    // Act
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", path, "--name", "staging/app"],
      { env },
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("ECONNREFUSED");
    expect(run.stderr).not.toMatch(/maxStaleMs|cached/);
    expect(run.stderr).toMatch(/hint: .*secrets get staging\/app/);
  });
});
