// Writes `[default]` into the shared credentials file test/setup.ts points at (an empty HOME per
// test), so a store or chain given a partial `env` snapshot still finds a service identity: the
// SDK default chain's profile link, as on a developer machine.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** `[default]` in the shared credentials file test/setup.ts points at. */
export function writeDefaultProfile(keys: { accessKeyId: string; secretAccessKey: string }): void {
  const file = process.env.AWS_SHARED_CREDENTIALS_FILE ?? "";
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `[default]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
  );
}
