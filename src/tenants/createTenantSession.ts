import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type {
  TenantBedrockClientConfig,
  TenantMethod,
  TenantSession,
  TenantSessionJson,
} from "./TenantResolver.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

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
}

/** A frozen {@link TenantSession} whose string, JSON and inspect forms hold no credentials. */
export function createTenantSession(init: SessionInit): TenantSession {
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
  const session = {
    ...init,
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
