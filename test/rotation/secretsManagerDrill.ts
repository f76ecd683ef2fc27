// The Secrets Manager rotation drill (issue 13), over the wire: Bedrock Runtime clients (HTTP/2)
// whose key pair lives in a Secrets Manager secret, under load, while the secret is rotated and
// the old key revoked. Three callers run side by side against the same emulators and the same
// rotation, each reading the secret as its user would:
//
// - credchain: `createChainFromEnv()` (USE_SECRETS_MANAGER + AWS_BEDROCK_SECRET_NAME) and the
//   `refreshOnAuthFailure` plugin, on a Bedrock Runtime client and, on the same chain and plugin, a
//   Polly client built with `pollyClientConfig({ chain })` (fewer workers: a second client the one
//   recovery must cover);
// - sdk: a credentials provider that reads the secret, handed to the client, which memoizes it
//   (an identity without an expiration is kept until the process restarts);
// - powertools: `SecretsProvider.get(secret, { maxAge: 1 })` before each request, a client with
//   static credentials per key pair (the key heals when the cached value expires).
//
// Each reads the secret with its own identity (credchain: the ECS task role; the peers: keys of
// their own), so the emulator's GetSecretValue log tells their calls apart; each calls its own
// model ID, so Bedrock's log does too. A probe beside them reads the secret with a key of its own,
// a few loops only, to measure what one Secrets Manager round trip costs under this load.
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type * as CredchainModule from "../../src/index.js";
import type { AuthRecoveryPlugin, ChainRefreshEvent } from "../../src/index.js";
import { createCredentialRegistry } from "../support/credentialRegistry.js";
import type { RegisteredCredential } from "../support/credentialRegistry.js";
import { startAwsEmulators } from "../support/startAwsEmulators.js";
import {
  runDrill,
  serviceRecoveryMs,
  stampArrivals,
  tallyServiceCalls,
  withEnv,
  type DrillReport,
  type ServiceTally,
} from "./drill.js";

/** `credchain` as the tests import it (src) or as the bench does (its build). */
export type Credchain = typeof CredchainModule;

export const DRILL_SECRET = "prod/aws/bedrock";
/** How long Powertools keeps the secret, in seconds (its unit). */
export const POWERTOOLS_MAX_AGE_S = 1;
const REGION = "us-east-1";
const MODELS = {
  credchain: "amazon.nova-micro-v1:0",
  sdk: "amazon.nova-lite-v1:0",
  powertools: "amazon.nova-pro-v1:0",
} as const;
type CallerName = keyof typeof MODELS;
/** Loops of the credchain Polly caller and of the round-trip probe. */
const POLLY_WORKERS = 5;
const PROBE_WORKERS = 3;

/** What the drill saw, per caller. */
export interface SecretsManagerDrillReport extends DrillReport {
  /** GetSecretValue calls each caller made, the first load included. */
  getSecretValue: Record<CallerName, number>;
  /** How Bedrock saw each caller's requests (warm-up included). */
  service: Record<CallerName, ServiceTally>;
  /**
   * From the revocation to the first request Bedrock accepted with the new key, in ms (`null`:
   * not before the drill ended).
   */
  recoveryMs: Record<CallerName, number | null>;
  /** How Polly saw credchain's Polly client (same chain and plugin as its Bedrock client). */
  polly: ServiceTally;
  /**
   * credchain's heal, as the services saw it (arrival times, ms from the rotation): its first
   * refused request, its Secrets Manager reads after that, and its first request accepted with
   * the new key (Bedrock or Polly).
   */
  heal: {
    firstRefusalMs: number | null;
    rereadsMs: number[];
    firstAcceptedWithNewKeyMs: number | null;
    /** `firstAcceptedWithNewKeyMs - firstRefusalMs`: how long credchain had no working key. */
    healMs: number | null;
  };
  /** The probe's median GetSecretValue latency under the same load: one round trip, in ms. */
  secretsManagerRoundTripMs: number;
  /** credchain's chain refresh events (the first resolution emits none). */
  refreshes: ChainRefreshEvent[];
  /** The plugin's counters. */
  plugin: ReturnType<AuthRecoveryPlugin["stats"]>;
  /** The revoked key and the one the secret holds after the rotation. */
  oldKeyId: string;
  newKeyId: string;
}

const pairOf = (key: RegisteredCredential) => ({
  access_key_id: key.accessKeyId,
  secret_access_key: key.secretAccessKey,
});

const speech = () =>
  new SynthesizeSpeechCommand({ Text: "ping", VoiceId: "Joanna", OutputFormat: "mp3" });

const converse = (modelId: string) =>
  new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "ping" }] }] });

interface SecretPair {
  access_key_id: string;
  secret_access_key: string;
}

/** Runs the drill; see the file comment. Starts and closes its own emulators. */
export async function runSecretsManagerDrill(
  credchain: Credchain,
  options: { workers?: number; durationMs?: number; rotateAtMs?: number } = {},
): Promise<SecretsManagerDrillReport> {
  const registry = createCredentialRegistry({ includeExampleKeys: false });
  const old = registry.issueLongTerm();
  const readers = {
    sdk: registry.issueLongTerm(),
    powertools: registry.issueLongTerm(),
    probe: registry.issueLongTerm(),
  };
  const aws = await startAwsEmulators({ registry, secrets: { [DRILL_SECRET]: pairOf(old) } });
  const arrivalOf = stampArrivals(aws.bedrock.calls);
  const pollyArrivalOf = stampArrivals(aws.polly.calls);
  const readArrivalOf = stampArrivals(aws.secretsManager.calls);
  const destroy: (() => void)[] = [];
  try {
    return await withEnv(
      {
        ...aws.env, // the endpoints, and the ECS task role that credchain's Secrets Manager client signs with
        AWS_REGION: REGION,
        USE_SECRETS_MANAGER: "true",
        AWS_BEDROCK_SECRET_NAME: DRILL_SECRET,
      },
      async () => {
        // credchain: the chain and the plugin.
        const refreshes: ChainRefreshEvent[] = [];
        const chain = credchain.createChainFromEnv({
          envFile: false,
          onRefresh: (event) => void refreshes.push(event),
        });
        const ours = new BedrockRuntimeClient(await credchain.bedrockClientConfig(chain));
        const plugin = credchain.refreshOnAuthFailure(chain);
        ours.middlewareStack.use(plugin);
        const speaker = new PollyClient(credchain.pollyClientConfig({ chain }));
        speaker.middlewareStack.use(plugin);
        destroy.push(
          () => ours.destroy(),
          () => speaker.destroy(),
        );

        // The probe: one GetSecretValue per loop turn, with a key of its own.
        const probe = new SecretsManagerClient({ region: REGION, credentials: readers.probe });
        destroy.push(() => probe.destroy());

        // The SDK: a provider that reads the secret once; the client memoizes what it returns.
        const sdkReader = new SecretsManagerClient({ region: REGION, credentials: readers.sdk });
        const sdk = new BedrockRuntimeClient({
          region: REGION,
          credentials: async () => {
            const out = await sdkReader.send(new GetSecretValueCommand({ SecretId: DRILL_SECRET }));
            const pair = JSON.parse(out.SecretString ?? "{}") as SecretPair;
            return { accessKeyId: pair.access_key_id, secretAccessKey: pair.secret_access_key };
          },
        });
        destroy.push(
          () => sdkReader.destroy(),
          () => sdk.destroy(),
        );

        // Powertools: the cached secret before each request, static credentials per key pair.
        const secrets = new SecretsProvider({
          clientConfig: { region: REGION, credentials: readers.powertools },
        });
        const staticClients = new Map<string, BedrockRuntimeClient>();
        const powertoolsClient = (pair: SecretPair) => {
          let client = staticClients.get(pair.access_key_id);
          if (client === undefined) {
            client = new BedrockRuntimeClient({
              region: REGION,
              credentials: {
                accessKeyId: pair.access_key_id,
                secretAccessKey: pair.secret_access_key,
              },
            });
            staticClients.set(pair.access_key_id, client);
          }
          return client;
        };
        destroy.push(() => {
          for (const client of staticClients.values()) client.destroy();
        });

        let next: RegisteredCredential | undefined;
        const drill = await runDrill({
          ...options,
          callers: {
            credchain: async () => void (await ours.send(converse(MODELS.credchain))),
            "credchain-polly": {
              workers: POLLY_WORKERS,
              send: async () => void (await speaker.send(speech())),
            },
            probe: {
              workers: PROBE_WORKERS,
              send: async () =>
                void (await probe.send(new GetSecretValueCommand({ SecretId: DRILL_SECRET }))),
            },
            sdk: async () => void (await sdk.send(converse(MODELS.sdk))),
            // Warmed up last, so its cache expires about POWERTOOLS_MAX_AGE_S after the load starts.
            powertools: async () => {
              const pair = (await secrets.get(DRILL_SECRET, {
                maxAge: POWERTOOLS_MAX_AGE_S,
                transform: "json",
              })) as SecretPair;
              await powertoolsClient(pair).send(converse(MODELS.powertools));
            },
          },
          rotate: () => {
            next = registry.issueLongTerm();
            aws.secretsManager.setSecret(DRILL_SECRET, pairOf(next));
            registry.revoke(old.accessKeyId);
          },
        });

        const gets = aws.secretsManager.calls.filter((c) => c.op === "GetSecretValue");
        const readBy = (id: string) => gets.filter((c) => c.accessKeyId === id).length;
        const peerKeys = new Set(Object.values(readers).map((r) => r.accessKeyId));
        const taskRoleGets = gets.filter((c) => !peerKeys.has(c.accessKeyId ?? ""));
        const taskRoleReads = taskRoleGets.length;
        const callsOf = (model: string) => aws.bedrock.calls.filter((c) => c.modelId === model);
        const service = (model: string) =>
          tallyServiceCalls(callsOf(model), (c) => c.accessKeyId, {
            old: old.accessKeyId,
            next: next?.accessKeyId,
          });
        const recovery = (model: string) =>
          serviceRecoveryMs(
            callsOf(model),
            arrivalOf,
            (c) => c.status === 200 && c.accessKeyId === next?.accessKeyId,
            drill.rotatedAt,
          );
        const keys = { old: old.accessKeyId, next: next?.accessKeyId };
        const pollyService = tallyServiceCalls(aws.polly.calls, (c) => c.accessKeyId, keys);
        // Arrivals of credchain's requests at Bedrock and Polly, ms from the rotation.
        const arrivals = [
          ...callsOf(MODELS.credchain).map((c) => ({ c, at: arrivalOf(c) })),
          ...aws.polly.calls.map((c) => ({ c, at: pollyArrivalOf(c) })),
        ].filter((x): x is { c: (typeof x)["c"]; at: number } => x.at !== undefined);
        const since = (at: number) => at - drill.rotatedAt;
        const earliest = (list: { at: number }[]) =>
          list.length === 0 ? null : since(Math.min(...list.map((x) => x.at)));
        const firstRefusalMs = earliest(
          arrivals.filter((x) => x.at >= drill.rotatedAt && x.c.status === 403),
        );
        const firstAcceptedWithNewKeyMs = earliest(
          arrivals.filter((x) => x.c.status === 200 && x.c.accessKeyId === next?.accessKeyId),
        );
        const rereadsMs = taskRoleGets
          .map((c) => readArrivalOf(c))
          .filter((at): at is number => at !== undefined && at >= drill.rotatedAt)
          .map(since)
          .sort((a, b) => a - b);
        return {
          ...drill,
          polly: pollyService,
          heal: {
            firstRefusalMs,
            rereadsMs,
            firstAcceptedWithNewKeyMs,
            healMs:
              firstRefusalMs === null || firstAcceptedWithNewKeyMs === null
                ? null
                : firstAcceptedWithNewKeyMs - firstRefusalMs,
          },
          secretsManagerRoundTripMs: drill.callers.probe!.medianLatencyMs,
          getSecretValue: {
            credchain: taskRoleReads,
            sdk: readBy(readers.sdk.accessKeyId),
            powertools: readBy(readers.powertools.accessKeyId),
          },
          service: {
            credchain: service(MODELS.credchain),
            sdk: service(MODELS.sdk),
            powertools: service(MODELS.powertools),
          },
          recoveryMs: {
            credchain: recovery(MODELS.credchain),
            sdk: recovery(MODELS.sdk),
            powertools: recovery(MODELS.powertools),
          },
          refreshes,
          plugin: plugin.stats(),
          oldKeyId: old.accessKeyId,
          newKeyId: next!.accessKeyId,
        };
      },
    );
  } finally {
    for (const d of destroy) d();
    await aws.close();
  }
}
