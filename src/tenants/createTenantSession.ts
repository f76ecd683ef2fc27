import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { FailedIdentity } from "../chain/createCredentialChain.js";
import { checkFailedIdentity } from "../chain/chainOptions.js";
import type {
  TenantBedrockClientConfig,
  TenantMethod,
  TenantSession,
  TenantSessionJson,
} from "./TenantResolver.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

const sameKey = (identity: AwsCredentialIdentity, failed: FailedIdentity): boolean =>
  identity.accessKeyId === failed.accessKeyId &&
  (failed.secretAccessKey === undefined || identity.secretAccessKey === failed.secretAccessKey);

/** What a session is made of. */
export interface SessionInit {
  tenantId: string;
  method: TenantMethod;
  region: string;
  modelId: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  credentialId: string | undefined;
  roleArn: string | undefined;
  credentials: AwsCredentialIdentityProvider;
  /** Forgets what the session's provider holds (its stored record, its role's STS result). */
  forget: (() => void) | undefined;
  /** Recovery of the identity the session shares (the service chain's), instead of `forget`. */
  recover?: ((failed?: FailedIdentity) => Promise<boolean>) | undefined;
}

/** A frozen {@link TenantSession} whose string, JSON and inspect forms hold no credentials. */
export function createTenantSession(init: SessionInit): TenantSession {
  let recovery: Promise<boolean> | undefined;
  const recoverFromAuthFailure = async (given?: FailedIdentity): Promise<boolean> => {
    const failed = checkFailedIdentity(given);
    if (init.recover !== undefined) return init.recover(failed);
    const forget = init.forget;
    if (forget === undefined) return false;
    const current = await init.credentials().catch(() => undefined);
    // Signed before the last recovery: the session already holds another key.
    if (failed.accessKeyId !== undefined && current !== undefined && !sameKey(current, failed)) {
      return true;
    }
    recovery ??= (async () => {
      forget();
      const next = await init.credentials();
      return (
        current === undefined ||
        !sameKey(next, {
          accessKeyId: current.accessKeyId,
          secretAccessKey: current.secretAccessKey,
        })
      );
    })().finally(() => (recovery = undefined));
    return recovery;
  };
  const json = (): TenantSessionJson => {
    const out: TenantSessionJson = {
      tenantId: init.tenantId,
      method: init.method,
      region: init.region,
    };
    if (init.modelId !== undefined) out.modelId = init.modelId;
    if (init.temperature !== undefined) out.temperature = init.temperature;
    if (init.maxTokens !== undefined) out.maxTokens = init.maxTokens;
    if (init.credentialId !== undefined) out.credentialId = init.credentialId;
    if (init.roleArn !== undefined) out.roleArn = init.roleArn;
    return out;
  };
  const { forget: _forget, recover: _recover, ...fields } = init;
  const session = {
    ...fields,
    recoverFromAuthFailure,
    bedrockClientConfig: (): TenantBedrockClientConfig => ({
      region: init.region,
      credentials: init.credentials,
      authSchemePreference: ["sigv4"],
    }),
    toJSON: json,
    toString: () => `TenantSession(${init.tenantId}, ${init.method})`,
    [INSPECT]: () => `TenantSession ${JSON.stringify(json())}`,
  };
  return Object.freeze(session);
}
