// A loopback ECS/EKS container credentials endpoint, the one the SDK reads through
// AWS_CONTAINER_CREDENTIALS_FULL_URI (+ AWS_CONTAINER_AUTHORIZATION_TOKEN).
import { callLog } from "./callLog.js";
import type { CallLog } from "./callLog.js";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry, RegisteredCredential } from "./credentialRegistry.js";
import type { FaultInjector } from "./faults.js";
import { startLoopbackServer } from "./loopbackServer.js";
import type { LoopbackResponse } from "./loopbackServer.js";
import { createRotatingCredentials } from "./rotatingCredentials.js";
import type { ServedCredentialInput } from "./rotatingCredentials.js";

/** Options for {@link startContainerCredentialsEmulator}. */
export interface ContainerCredentialsEmulatorOptions {
  /** Where served credentials are registered, so other emulators accept them. @default a new registry */
  registry?: CredentialRegistry;
  /** The first set to serve. @default freshly issued `ASIA…` credentials */
  credentials?: ServedCredentialInput;
  /** When set, requests must carry exactly this `Authorization` header value (401 otherwise). */
  authToken?: string;
  /** Lifetime of each served set. @default 21_600_000 (six hours) */
  expirationMs?: number;
  /** The task role the credentials belong to. @default "arn:aws:iam::123456789012:role/credchain-task-role" */
  roleArn?: string;
  /** The URL path served. @default "/creds" */
  path?: string;
}

/** One request to the endpoint. */
export interface ContainerCredentialsCall {
  op: "GetCredentials";
  /** Whether the request passed the auth-token check (always true without an `authToken`). */
  authorized: boolean;
  status: number;
  /** The access key ID served, on success. */
  accessKeyId?: string;
  fault?: "throttle" | "500" | "reset";
}

/** A running container credentials endpoint. */
export interface ContainerCredentialsEmulator extends CallLog<ContainerCredentialsCall> {
  /** The full credentials URI, e.g. `http://127.0.0.1:4123/creds`. */
  readonly url: string;
  /** `AWS_CONTAINER_CREDENTIALS_FULL_URI` and, with an auth token, `AWS_CONTAINER_AUTHORIZATION_TOKEN`. */
  readonly env: Readonly<Record<string, string>>;
  readonly registry: CredentialRegistry;
  /** The set currently served (rotating first if it is about to expire). */
  readonly current: RegisteredCredential;
  /** Serves a new set from now on; the previous one stays valid until it expires. */
  rotate(next?: ServedCredentialInput): RegisteredCredential;
  /** Scripted failures; the operation is `GetCredentials` (throttle → 429, 500 → 500). */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

/**
 * Starts an ECS container credentials endpoint on 127.0.0.1.
 *
 * @example
 * const ecs = await startContainerCredentialsEmulator({ authToken: "task-token" });
 * Object.assign(process.env, ecs.env);
 * const creds = await fromContainerMetadata()(); // creds.accessKeyId === ecs.current.accessKeyId
 */
export async function startContainerCredentialsEmulator(
  options: ContainerCredentialsEmulatorOptions = {},
): Promise<ContainerCredentialsEmulator> {
  const registry = options.registry ?? createCredentialRegistry();
  const roleArn = options.roleArn ?? `arn:aws:iam::${registry.accountId}:role/credchain-task-role`;
  const path = options.path ?? "/creds";
  const served = createRotatingCredentials({
    registry,
    arn: roleArn.replace(
      /^arn:aws:iam::(\d+):role\/(.+)$/,
      "arn:aws:sts::$1:assumed-role/$2/ecs-task",
    ),
    expirationMs: options.expirationMs ?? 6 * 3_600_000,
    ...(options.credentials !== undefined && { initial: options.credentials }),
  });
  const calls: ContainerCredentialsCall[] = [];

  const json = (status: number, payload: unknown): LoopbackResponse => ({
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });

  const server = await startLoopbackServer(async (request, { applyFault }) => {
    const call: ContainerCredentialsCall = { op: "GetCredentials", authorized: true, status: 200 };
    calls.push(call);
    if (request.method !== "GET" || request.pathname !== path) {
      call.status = 404;
      return json(404, { Code: "NotFound", Message: "No such resource" });
    }
    if (options.authToken !== undefined && request.headers.authorization !== options.authToken) {
      call.authorized = false;
      call.status = 401;
      return json(401, {
        Code: "Unauthorized",
        Message: "Authorization header missing or invalid",
      });
    }
    const fault = await applyFault("GetCredentials");
    if (fault !== undefined) call.fault = fault;
    if (fault === "reset") {
      call.status = 0;
      return "reset";
    }
    if (fault === "throttle") {
      call.status = 429;
      return json(429, { Code: "TooManyRequests", Message: "Rate exceeded" });
    }
    if (fault === "500") {
      call.status = 500;
      return json(500, { Code: "InternalError", Message: "An internal error occurred" });
    }
    const creds = served.current();
    call.accessKeyId = creds.accessKeyId;
    return json(200, {
      RoleArn: roleArn,
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      Token: creds.sessionToken,
      Expiration: creds.expiration?.toISOString(),
    });
  });

  const url = `${server.url}${path}`;
  return {
    url,
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: url,
      ...(options.authToken !== undefined && {
        AWS_CONTAINER_AUTHORIZATION_TOKEN: options.authToken,
      }),
    },
    registry,
    get current() {
      return served.current();
    },
    rotate: (next) => served.rotate(next),
    faults: server.faults,
    ...callLog(calls),
    close: () => server.close(),
  };
}
