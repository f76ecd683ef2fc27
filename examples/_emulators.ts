// Offline AWS for the examples: the loopback emulators from credchain's own test suite, which verify
// every SigV4 signature. In your service, drop this file and the same code talks to AWS.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mask } from "credchain";
// Refuses any socket that is not 127.0.0.1, so an example can never reach a real AWS host.
import "../test/support/network-guard.mjs";
import { startAwsEmulators } from "../test/support/startAwsEmulators.js";
import type { AwsEmulators, AwsEmulatorsOptions } from "../test/support/startAwsEmulators.js";
import type { ServiceCall } from "../test/support/startServiceEmulator.js";

/** Bedrock API keys the Bedrock emulator accepts as `Authorization: Bearer` (fake, like every key here). */
export const EMULATOR_BEDROCK_API_KEYS = [
  "bedrock-api-key-ZXhhbXBsZS1iZWRyb2NrLWFwaS1rZXktZm9yLXRlc3Rz",
  "ABSKZXhhbXBsZS1sb25nLXRlcm0ta2V5LWZvci10ZXN0cw==",
];

const INHERITED =
  /^(AWS_(?!SDK_JS_)|OPENAI_|ANTHROPIC_|COHERE_|CO_API_KEY$|SECRET_|USE_SECRETS_MANAGER$|LLM_PROVIDER$|BEDROCK_|SECRETS_MANAGER_REGION$)/;

/**
 * Starts every emulator on 127.0.0.1 and points the AWS SDK at them through the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables. Your shell's AWS settings and `~/.aws` are hidden so the
 * run is the same on every machine. With `taskRole`, the ECS container credentials endpoint is
 * configured too (`AWS_CONTAINER_CREDENTIALS_FULL_URI`), as on ECS or App Runner.
 */
export async function startEmulators(
  options: AwsEmulatorsOptions & { taskRole?: boolean } = {},
): Promise<AwsEmulators> {
  const { taskRole = false, ...emulatorOptions } = options;
  const aws = await startAwsEmulators({
    bedrockApiKeys: EMULATOR_BEDROCK_API_KEYS,
    ...emulatorOptions,
  });
  for (const name of Object.keys(process.env)) {
    if (INHERITED.test(name)) delete process.env[name];
  }
  const home = mkdtempSync(join(tmpdir(), "credchain-example-"));
  Object.assign(process.env, {
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...(taskRole ? aws.env : aws.endpointEnv),
  });
  return aws;
}

/** One line saying how the emulator authenticated a call, e.g. for the last Bedrock request. */
export function describeCall(call: ServiceCall | undefined): string {
  if (call === undefined) return "no call reached the emulator";
  const outcome = call.status < 300 ? "accepted" : `refused (${call.status} ${call.errorCode})`;
  if (call.auth === "bearer") {
    return `${call.op} ${outcome}: Authorization: Bearer ${mask(call.bearerToken ?? "", "api-key")}`;
  }
  if (call.auth === "none") return `${call.op} ${outcome}: unsigned`;
  const key = mask(call.accessKeyId ?? "", "access-key-id");
  const token = call.hasSessionToken ? "with a session token" : "no session token";
  return `${call.op} ${outcome}: SigV4 signature verified, key ${key}, ${token}, region ${call.region}`;
}
