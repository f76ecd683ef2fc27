// A loopback AWS STS speaking the query protocol (form-encoded Action=…, XML answers):
// AssumeRole issues fresh temporary credentials into the shared registry, so calls signed with
// them verify at every emulator; GetCallerIdentity reports the signing principal.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { applyCallFault } from "./applyCallFault.js";
import type { FaultedCall } from "./applyCallFault.js";
import { callLog } from "./callLog.js";
import type { CallLog } from "./callLog.js";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { FaultInjector } from "./faults.js";
import { startLoopbackServer } from "./loopbackServer.js";
import type { LoopbackResponse } from "./loopbackServer.js";
import { authErrorFor } from "./sigv4.js";
import { validationMessage } from "./validationMessage.js";
import { verifyCaller } from "./verifyCaller.js";
import type { SignedCall } from "./verifyCaller.js";

/** What a role demands of its callers. */
export interface RoleTrust {
  /** AssumeRole must pass exactly this `ExternalId`. */
  externalId?: string;
  /** The longest session the role allows. @default 43_200 */
  maxSessionDurationSeconds?: number;
}

/** Options for {@link startStsEmulator}. */
export interface StsEmulatorOptions {
  /** Accepted signing keys; assumed-role credentials are issued into it. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** When set, only these role ARNs can be assumed, each with its trust rules; any well-formed role otherwise. */
  roles?: Record<string, RoleTrust>;
  /** Session length when the request names none. @default 3600 */
  defaultDurationSeconds?: number;
}

/** The actions the emulator serves. */
export type StsOperation = "AssumeRole" | "GetCallerIdentity";

/** One request to STS. */
export interface StsCall extends SignedCall, FaultedCall {
  op: string;
  roleArn?: string;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** The access key ID of the credentials AssumeRole issued. */
  issuedAccessKeyId?: string;
  errorCode?: string;
}

/** A running STS emulator. */
export interface StsEmulator extends CallLog<StsCall> {
  /** Endpoint for `new STSClient({ endpoint })` or `AWS_ENDPOINT_URL_STS`. */
  readonly url: string;
  readonly registry: CredentialRegistry;
  /** Scripted failures by action (`AssumeRole`, `GetCallerIdentity`). */
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

const assumeRoleSchema = z.object({
  RoleArn: z.string().regex(ROLE_ARN, "must be an IAM role ARN"),
  RoleSessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, "must match [\\w+=,.@-]{2,64}"),
  ExternalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/)
    .optional(),
  DurationSeconds: z.coerce.number().int().min(900).max(43_200).optional(),
});

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xml(status: number, body: string): LoopbackResponse {
  return {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": randomUUID() },
    body,
  };
}

function errorXml(status: number, code: string, message: string): LoopbackResponse {
  const type = status >= 500 ? "Receiver" : "Sender";
  return xml(
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

/**
 * Starts an STS emulator on 127.0.0.1.
 *
 * @example
 * const sts = await startStsEmulator({ roles: { "arn:aws:iam::123456789012:role/tenant-a": { externalId: "ext-1" } } });
 * const client = new STSClient({ endpoint: sts.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * const out = await client.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/tenant-a", RoleSessionName: "t", ExternalId: "ext-1" }));
 * // out.Credentials now sign requests every emulator sharing sts.registry accepts
 */
export async function startStsEmulator(options: StsEmulatorOptions = {}): Promise<StsEmulator> {
  const registry = options.registry ?? createCredentialRegistry();
  const calls: StsCall[] = [];

  const server = await startLoopbackServer(async (request, { applyFault }) => {
    const form = new URLSearchParams(request.body.toString("utf8"));
    const op = form.get("Action") ?? "(none)";
    const call: StsCall = { op, hasSessionToken: false, status: 200 };
    calls.push(call);
    const fail = (status: number, code: string, message: string) => {
      call.status = status;
      call.errorCode = code;
      return errorXml(status, code, message);
    };

    const auth = await verifyCaller(request, call, { credentials: registry, service: "sts" });
    if (!auth.ok) {
      const { code, message } = authErrorFor(auth.failure, "query", auth.reason);
      return fail(403, code, message);
    }
    if (op !== "AssumeRole" && op !== "GetCallerIdentity") {
      return fail(400, "InvalidAction", `Could not find operation ${op} for version 2011-06-15`);
    }

    const faulted = await applyCallFault(applyFault, op, call, fail, {
      throttle: { status: 400, code: "Throttling" },
      internal: { status: 500, code: "InternalFailure", message: "An internal error occurred." },
    });
    if (faulted !== undefined) return faulted;

    const identity = auth.identity;
    if (op === "GetCallerIdentity") {
      return xml(
        200,
        `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${xmlEscape(identity.arn)}</Arn><UserId>${xmlEscape(identity.userId)}</UserId><Account>${identity.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }

    const raw = Object.fromEntries(form);
    if (raw.RoleArn !== undefined) call.roleArn = raw.RoleArn;
    if (raw.RoleSessionName !== undefined) call.roleSessionName = raw.RoleSessionName;
    if (raw.ExternalId !== undefined) call.externalId = raw.ExternalId;
    if (raw.DurationSeconds !== undefined) call.durationSeconds = Number(raw.DurationSeconds);
    const parsed = assumeRoleSchema.safeParse(raw);
    if (!parsed.success) return fail(400, "ValidationError", validationMessage(parsed.error));
    const input = parsed.data;
    const denied = () =>
      fail(
        403,
        "AccessDenied",
        `User: ${identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
      );
    const trust = options.roles === undefined ? {} : options.roles[input.RoleArn];
    if (trust === undefined) return denied();
    if (trust.externalId !== undefined && input.ExternalId !== trust.externalId) return denied();
    const duration = input.DurationSeconds ?? options.defaultDurationSeconds ?? 3600;
    if (duration > (trust.maxSessionDurationSeconds ?? 43_200)) {
      return fail(
        400,
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    }

    const [, account = registry.accountId, roleName = "role"] = ROLE_ARN.exec(input.RoleArn) ?? [];
    const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleName}/${input.RoleSessionName}`;
    const issued = registry.issueTemporary({ arn: assumedArn, durationMs: duration * 1000 });
    call.issuedAccessKeyId = issued.accessKeyId;
    return xml(
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><AssumedRoleUser><Arn>${xmlEscape(assumedArn)}</Arn><AssumedRoleId>${xmlEscape(issued.userId)}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(issued.secretAccessKey)}</SecretAccessKey><SessionToken>${xmlEscape(issued.sessionToken ?? "")}</SessionToken><Expiration>${issued.expiration?.toISOString()}</Expiration></Credentials><PackedPolicySize>0</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  });

  return {
    url: server.url,
    registry,
    faults: server.faults,
    ...callLog(calls),
    close: () => server.close(),
  };
}
