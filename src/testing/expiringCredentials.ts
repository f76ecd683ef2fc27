import type { AwsCredentialIdentity } from "@smithy/types";
import { exampleCredentials } from "./exampleCredentials.js";

/** Options of {@link expiringCredentials}. */
export interface ExpiringCredentialsOptions {
  /** Lifetime from `now`. @default 3_600_000 (one hour, as STS issues by default) */
  expiresInMs?: number;
  /** The clock: epoch milliseconds, or a function such as a {@link FakeClock}'s `now`. @default Date.now */
  now?: number | (() => number);
  /** @default a fresh `ASIA…` ID per call (`ASIATESTCREDS0000001`, `…0002`, …) */
  accessKeyId?: string;
}

let issued = 0;

/**
 * Fake temporary AWS credentials (`ASIA…` + session token) expiring `expiresInMs` from `now`.
 * Each call returns a distinct access key ID, so a test can tell a refresh from a cached value.
 * With `vi.useFakeTimers()` the default `now` (`Date.now`) is the fake time.
 *
 * @example
 * ```ts
 * const soon = expiringCredentials({ expiresInMs: 4 * 60_000 }); // inside the refresh window
 * ```
 */
export function expiringCredentials(
  options: ExpiringCredentialsOptions = {},
): AwsCredentialIdentity & {
  /** `now` + `expiresInMs`. */
  expiration: Date;
} {
  issued += 1;
  const now = typeof options.now === "function" ? options.now() : (options.now ?? Date.now());
  const serial = String(issued).padStart(7, "0");
  return {
    accessKeyId: options.accessKeyId ?? `ASIATESTCREDS${serial}`,
    secretAccessKey: exampleCredentials.secretAccessKey,
    sessionToken: `IQoJb3JpZ2luX2VjEXAMPLEtoken${serial}`,
    expiration: new Date(now + (options.expiresInMs ?? 3_600_000)),
  };
}
