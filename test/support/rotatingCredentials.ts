// The credential set a metadata endpoint (ECS, IMDS) serves: issued into the shared registry,
// replaced once less than five minutes remain, as both services hand out new keys before expiry.
import type { CredentialRegistry, RegisteredCredential } from "./credentialRegistry.js";

/** A key pair a metadata emulator should serve instead of generated keys. */
export interface ServedCredentialInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Metadata endpoints rotate when less than this remains. */
export const ROTATE_BEFORE_EXPIRY_MS = 5 * 60_000;

/** The current set and a way to replace it. */
export interface RotatingCredentials {
  /** The set to serve now; rotates first when it is within {@link ROTATE_BEFORE_EXPIRY_MS} of expiry. */
  current(): RegisteredCredential;
  /** Replaces the served set (generated, or `next`); the old set stays valid until it expires. */
  rotate(next?: ServedCredentialInput): RegisteredCredential;
}

/** Creates the served set for a metadata emulator. */
export function createRotatingCredentials(options: {
  registry: CredentialRegistry;
  arn: string;
  expirationMs: number;
  initial?: ServedCredentialInput;
}): RotatingCredentials {
  const { registry, arn, expirationMs } = options;
  const issue = (input?: ServedCredentialInput): RegisteredCredential => {
    if (input === undefined) return registry.issueTemporary({ arn, durationMs: expirationMs });
    return registry.add({ ...input, arn, expiration: new Date(Date.now() + expirationMs) });
  };
  let served = issue(options.initial);
  return {
    current() {
      const left = (served.expiration?.getTime() ?? Infinity) - Date.now();
      if (left < ROTATE_BEFORE_EXPIRY_MS) served = issue();
      return served;
    },
    rotate(next) {
      served = issue(next);
      return served;
    },
  };
}
