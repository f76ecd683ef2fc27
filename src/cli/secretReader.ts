import type { SSMClient } from "@aws-sdk/client-ssm";
import { parameterName } from "../core/parameterName.js";
import { parameterStoreRegion } from "../core/parameterStoreRegion.js";
import { parameterStoreFailure } from "../internal/parameterStoreErrors.js";
import { parameterStoreBackend } from "../secrets/parameterStoreBackend.js";
import { DEFAULT_SECRET_REQUEST_TIMEOUT_MS } from "../secrets/SecretStore.js";
import type { CliIo } from "./io.js";
import {
  openParameterStore,
  openSecretsManager,
  secretsManagerError,
  secretsRegion,
} from "./secretsClient.js";

/** One secret as `secrets get` and `doctor --secret` read it. Holds the value: never printed whole. */
export interface CliSecret {
  /** `Secrets Manager`, or `Parameter Store` for `ssm:` names and parameter ARNs. */
  service: "Secrets Manager" | "Parameter Store";
  /** The region it was read in. */
  region: string;
  arn: string | null;
  /** Secrets Manager's version ID, or the parameter's version number. */
  versionId: string | null;
  /** The stored text; `undefined` for a Secrets Manager `SecretBinary`. */
  text: string | undefined;
}

/** Reads secrets for the CLI, with one client per service and region, signing as the service identity. */
export interface SecretReader {
  read(name: string, regionFlag?: string): Promise<CliSecret>;
  close(): void;
}

/**
 * A reader that sends `ssm:` names and parameter ARNs to Parameter Store (region: `--region` →
 * `AWS_REGION` → `us-east-1`, an ARN's own region first) and every other name to Secrets Manager
 * (`--region` → `SECRETS_MANAGER_REGION` → `AWS_REGION` → `us-east-1`), mapping failures to the
 * library's codes and hints.
 */
export function openSecretReader(io: CliIo): SecretReader {
  const smClients = new Map<string, ReturnType<typeof openSecretsManager>>();
  const ssmClients = new Map<string, Promise<SSMClient>>();

  const fromParameterStore = async (name: string, regionFlag?: string): Promise<CliSecret> => {
    const region =
      parameterName(name)?.arn?.region ?? parameterStoreRegion(io.env, regionFlag, "--region");
    let client = ssmClients.get(region);
    if (client === undefined) ssmClients.set(region, (client = openParameterStore(region, io)));
    const backend = parameterStoreBackend({
      client: await client,
      region: () => region,
      requestTimeoutMs: DEFAULT_SECRET_REQUEST_TIMEOUT_MS,
      logger: undefined,
      counters: { apiCalls: 0, apiErrors: 0 },
    });
    let outcome;
    try {
      outcome = await backend.get(name);
    } catch (err) {
      throw secretsManagerError(err, name, "read");
    }
    if (outcome.kind === "absent") {
      throw parameterStoreFailure(outcome.cause, name, outcome.reason);
    }
    return {
      service: "Parameter Store",
      region,
      arn: outcome.arn ?? null,
      versionId: outcome.versionId ?? null,
      text: outcome.secret.text,
    };
  };

  const fromSecretsManager = async (name: string, regionFlag?: string): Promise<CliSecret> => {
    const region = secretsRegion(regionFlag, io);
    let opened = smClients.get(region);
    if (opened === undefined) smClients.set(region, (opened = openSecretsManager(region, io)));
    const { sm, client } = await opened;
    try {
      const got = await client.send(new sm.GetSecretValueCommand({ SecretId: name }));
      return {
        service: "Secrets Manager",
        region,
        arn: got.ARN ?? null,
        versionId: got.VersionId ?? null,
        text: got.SecretString,
      };
    } catch (err) {
      throw secretsManagerError(err, name, "read");
    }
  };

  return {
    read: (name, regionFlag) =>
      parameterName(name) === undefined
        ? fromSecretsManager(name, regionFlag)
        : fromParameterStore(name, regionFlag),
    close() {
      for (const opened of smClients.values()) {
        void opened.then(
          ({ client }) => client.destroy(),
          () => undefined,
        );
      }
      for (const client of ssmClients.values()) {
        void client.then(
          (c) => c.destroy(),
          () => undefined,
        );
      }
    },
  };
}
