// Test isolation (DESIGN.md section 9): no socket beyond loopback, no IMDS, an empty HOME per
// test, and no AWS_* or provider variables inherited from the machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import "./support/network-guard.mjs";

const INHERITED =
  /^(AWS_|OPENAI_|ANTHROPIC_|COHERE_|CO_API_KEY$|SECRET_|USE_SECRETS_MANAGER$|LLM_PROVIDER$|BEDROCK_|SECRETS_MANAGER_REGION$)/;
for (const name of Object.keys(process.env)) {
  if (INHERITED.test(name)) delete process.env[name];
}
// The AWS SDK warns once per process that Node 20 nears its end of support; not a test signal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const baseline = { ...process.env };
let home: string | undefined;

beforeEach(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in baseline)) delete process.env[name];
  }
  Object.assign(process.env, baseline);
  home = mkdtempSync(join(tmpdir(), "credchain-home-"));
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  process.env.AWS_CONFIG_FILE = join(home, ".aws", "config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, ".aws", "credentials");
});

afterEach(() => {
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
  home = undefined;
});
