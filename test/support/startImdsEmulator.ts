// A loopback EC2 instance metadata service (IMDSv2): session tokens from PUT /latest/api/token,
// required on every GET, and the instance role's credentials under iam/security-credentials.
import { randomBytes } from "node:crypto";
import { callLog } from "./callLog.js";
import type { CallLog } from "./callLog.js";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry, RegisteredCredential } from "./credentialRegistry.js";
import type { FaultInjector } from "./faults.js";
import { startLoopbackServer } from "./loopbackServer.js";
import type { LoopbackResponse } from "./loopbackServer.js";
import { createRotatingCredentials } from "./rotatingCredentials.js";
import type { ServedCredentialInput } from "./rotatingCredentials.js";

/** Options for {@link startImdsEmulator}. */
export interface ImdsEmulatorOptions {
  /** Where served credentials are registered, so other emulators accept them. @default a new registry */
  registry?: CredentialRegistry;
  /** The instance profile's role name. @default "credchain-instance-role" */
  roleName?: string;
  /** The first set to serve. @default freshly issued `ASIA…` credentials */
  credentials?: ServedCredentialInput;
  /** Lifetime of each served set. @default 21_600_000 (six hours) */
  expirationMs?: number;
  /** Serve GETs without a session token (IMDSv1). @default false */
  allowImdsV1?: boolean;
  /** What `/latest/meta-data/placement/region` answers. @default "us-east-1" */
  region?: string;
}

/** The IMDS request kinds, as recorded in `calls`. */
export type ImdsOperation = "GetToken" | "GetRoleName" | "GetCredentials" | "GetMetadata";

/** One request to the metadata service. */
export interface ImdsCall {
  op: ImdsOperation;
  method: string;
  path: string;
  /** Whether the request carried a valid, unexpired session token. */
  hadToken: boolean;
  status: number;
  fault?: "throttle" | "500" | "reset";
}

/** A running IMDSv2 emulator. */
export interface ImdsEmulator extends CallLog<ImdsCall> {
  /** `http://127.0.0.1:<port>`, for `AWS_EC2_METADATA_SERVICE_ENDPOINT`. */
  readonly url: string;
  /** `AWS_EC2_METADATA_SERVICE_ENDPOINT` and `AWS_EC2_METADATA_DISABLED=false` (the test setup disables IMDS). */
  readonly env: Readonly<Record<string, string>>;
  readonly registry: CredentialRegistry;
  readonly roleName: string;
  /** The set currently served (rotating first if it is about to expire). */
  readonly current: RegisteredCredential;
  rotate(next?: ServedCredentialInput): RegisteredCredential;
  /** Scripted failures by {@link ImdsOperation} (throttle → 429, 500 → 500). */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

const CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
const MAX_TOKEN_TTL_SECONDS = 21_600;

/**
 * Starts an IMDSv2 emulator on 127.0.0.1.
 *
 * @example
 * const imds = await startImdsEmulator();
 * Object.assign(process.env, imds.env);
 * const creds = await fromInstanceMetadata()(); // creds.accessKeyId === imds.current.accessKeyId
 */
export async function startImdsEmulator(options: ImdsEmulatorOptions = {}): Promise<ImdsEmulator> {
  const registry = options.registry ?? createCredentialRegistry();
  const roleName = options.roleName ?? "credchain-instance-role";
  const served = createRotatingCredentials({
    registry,
    arn: `arn:aws:sts::${registry.accountId}:assumed-role/${roleName}/i-0123456789abcdef0`,
    expirationMs: options.expirationMs ?? 6 * 3_600_000,
    ...(options.credentials !== undefined && { initial: options.credentials }),
  });
  const tokens = new Map<string, number>();
  const calls: ImdsCall[] = [];

  const text = (status: number, body: string, contentType = "text/plain"): LoopbackResponse => ({
    status,
    headers: { "content-type": contentType },
    body,
  });

  const opFor = (method: string, path: string): ImdsOperation => {
    if (method === "PUT") return "GetToken";
    if (path === CREDENTIALS_PATH) return "GetRoleName";
    if (path.startsWith(CREDENTIALS_PATH)) return "GetCredentials";
    return "GetMetadata";
  };

  const server = await startLoopbackServer(async (request, { applyFault }) => {
    const path = request.pathname;
    const op = opFor(request.method, path);
    const tokenHeader = request.headers["x-aws-ec2-metadata-token"];
    const expiry = typeof tokenHeader === "string" ? tokens.get(tokenHeader) : undefined;
    const call: ImdsCall = {
      op,
      method: request.method,
      path,
      hadToken: expiry !== undefined && expiry > Date.now(),
      status: 200,
    };
    calls.push(call);
    const respond = (response: LoopbackResponse) => {
      call.status = response.status;
      return response;
    };

    const fault = await applyFault(op);
    if (fault !== undefined) call.fault = fault;
    if (fault === "reset") {
      call.status = 0;
      return "reset";
    }
    if (fault === "throttle") return respond(text(429, "Too Many Requests"));
    if (fault === "500") return respond(text(500, "Internal Server Error"));

    if (op === "GetToken") {
      if (path !== "/latest/api/token") return respond(text(404, "Not Found"));
      const ttl = Number(request.headers["x-aws-ec2-metadata-token-ttl-seconds"]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS)
        return respond(text(400, "Bad Request"));
      for (const [known, expires] of tokens) if (expires <= Date.now()) tokens.delete(known);
      const token = randomBytes(32).toString("base64");
      tokens.set(token, Date.now() + ttl * 1000);
      return respond({
        status: 200,
        headers: { "x-aws-ec2-metadata-token-ttl-seconds": String(ttl) },
        body: token,
      });
    }
    if (request.method !== "GET") return respond(text(405, "Method Not Allowed"));
    if (!call.hadToken && !(options.allowImdsV1 ?? false))
      return respond(text(401, "Unauthorized"));

    if (op === "GetRoleName") return respond(text(200, roleName));
    if (op === "GetCredentials") {
      if (path.slice(CREDENTIALS_PATH.length) !== roleName) return respond(text(404, "Not Found"));
      const creds = served.current();
      return respond(
        text(
          200,
          JSON.stringify({
            Code: "Success",
            LastUpdated: new Date().toISOString(),
            Type: "AWS-HMAC",
            AccessKeyId: creds.accessKeyId,
            SecretAccessKey: creds.secretAccessKey,
            Token: creds.sessionToken,
            Expiration: creds.expiration?.toISOString(),
          }),
          "application/json",
        ),
      );
    }
    if (path === "/latest/meta-data/placement/region")
      return respond(text(200, options.region ?? "us-east-1"));
    return respond(text(404, "Not Found"));
  });

  return {
    url: server.url,
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url, AWS_EC2_METADATA_DISABLED: "false" },
    registry,
    roleName,
    get current() {
      return served.current();
    },
    rotate: (next) => served.rotate(next),
    faults: server.faults,
    ...callLog(calls),
    close: () => server.close(),
  };
}
