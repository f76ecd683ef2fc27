import type { AwsCredentialIdentity } from "@smithy/types";
import { checkOptions } from "../core/checkOptions.js";
import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { lazySchema } from "../core/lazyZod.js";
import { exampleCredentials } from "./exampleCredentials.js";

const optionsSchema = lazySchema((z) =>
  z.strictObject({
    expiresInMs: z
      .number({ error: "must be a number" })
      .finite({ error: "must be finite" })
      .optional(),
    now: z
      .union([z.number().finite(), z.custom<() => number>((v) => typeof v === "function")], {
        error: "must be epoch milliseconds or a function returning them",
      })
      .optional(),
    accessKeyId: z.string({ error: "must be a string" }).optional(),
  }),
);

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
  const checked = checkOptions("expiringCredentials", options, optionsSchema);
  const now = typeof checked.now === "function" ? checked.now() : (checked.now ?? Date.now());
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new CredentialConfigError(
      "INVALID_OPTION",
      "expiringCredentials: now() must return epoch milliseconds.",
      {
        hint: "Pass now as a number or a function returning one (e.g. clock.now).",
      },
    );
  }
  issued += 1;
  const serial = String(issued).padStart(7, "0");
  return {
    accessKeyId: checked.accessKeyId ?? `ASIATESTCREDS${serial}`,
    secretAccessKey: exampleCredentials.secretAccessKey,
    sessionToken: `IQoJb3JpZ2luX2VjEXAMPLEtoken${serial}`,
    expiration: new Date(now + (checked.expiresInMs ?? 3_600_000)),
  };
}
