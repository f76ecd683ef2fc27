import { describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS, runExample } from "./runExample.js";

describe("npm run demo", () => {
  it("walks every seed scenario from the repository root, verifies each signature and exits 0", async () => {
    // Act: exactly the package.json script, `tsx examples/demo.ts`, without --tsconfig.
    const run = await runExample("demo.ts", false);

    // Assess
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { stdout } = run;
    for (const title of [
      "1. Admin panel key ACCESS_KEY_ID:SECRET_ACCESS_KEY",
      "2. Admin panel holds only the secret; AWS_ACCESS_KEY_ID from env",
      "3. Admin key blank, keys in the environment",
      "4. Secrets Manager JSON secret",
      "5. Local SECRET_* variable",
      "6. IAM role from the ECS container endpoint",
      "8. AWS_BEARER_TOKEN_BEDROCK left in the environment",
      "9. Error: the pair pasted the wrong way round",
    ]) {
      expect(stdout).toContain(title);
    }
    expect(stdout.match(/Converse accepted: SigV4 signature verified/g)).toHaveLength(7);
    // each scenario but the swapped pair also shows the service identity's Polly call
    expect(
      stdout.match(/Polly → SynthesizeSpeech accepted: SigV4 signature verified/g),
    ).toHaveLength(8);
    expect(stdout).toContain(
      "without authSchemePreference → Converse accepted: Authorization: Bearer",
    );
    expect(stdout).toContain("ADMIN_KEY_SWAPPED");
    expect(stdout).toContain("hint     Enter the access key ID first");
    expect(stdout).toMatch(/All 9 scenarios behaved as described/);
    expect(stdout).not.toContain("✗");
    // Not a terminal: plain text, no colour codes.
    expect(stdout).not.toContain("\u001b[");
    for (const secret of EXAMPLE_SECRETS) expect(stdout).not.toContain(secret);
  }, 60_000);
});
