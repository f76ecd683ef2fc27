// A loopback Amazon SES v2: SendEmail (`POST /v2/email/outbound-emails`) answering `{ MessageId }`.
import { randomBytes } from "node:crypto";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import { ServiceFailure, startServiceEmulator } from "./startServiceEmulator.js";
import type { ServiceEmulator } from "./startServiceEmulator.js";

/** Options for {@link startSesEmulator}. */
export interface SesEmulatorOptions {
  /** Accepted SigV4 keys. @default a registry with the example keys */
  registry?: CredentialRegistry;
  /** Verified senders (addresses or domains); any sender is accepted when unset. */
  verifiedIdentities?: readonly string[];
}

/** An email the emulator accepted. */
export interface SentEmail {
  messageId: string;
  from: string;
  to: string[];
  subject?: string;
  text?: string;
  html?: string;
}

/** The SES emulator: the common surface plus the accepted emails. */
export interface SesEmulator extends ServiceEmulator {
  readonly sent: SentEmail[];
}

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content?: {
    Simple?: {
      Subject?: { Data?: string };
      Body?: { Text?: { Data?: string }; Html?: { Data?: string } };
    };
    Raw?: unknown;
    Template?: unknown;
  };
}

/**
 * Starts an SESv2 emulator on 127.0.0.1.
 *
 * @example
 * const ses = await startSesEmulator({ verifiedIdentities: ["example.com"] });
 * const client = new SESv2Client({ endpoint: ses.url, region: "us-east-1", credentials: EXAMPLE_CREDENTIALS });
 * await client.send(new SendEmailCommand({ FromEmailAddress: "app@example.com", Destination: { ToAddresses: ["u@example.org"] }, Content: { Simple: { Subject: { Data: "Hi" }, Body: { Text: { Data: "Hello" } } } } }));
 * ses.sent[0].subject; // "Hi"
 */
export async function startSesEmulator(options: SesEmulatorOptions = {}): Promise<SesEmulator> {
  const sent: SentEmail[] = [];
  const verified = options.verifiedIdentities;
  const base = await startServiceEmulator({
    service: "sesv2",
    signingName: "ses",
    dialect: "json",
    registry: options.registry ?? createCredentialRegistry(),
    throttle: { status: 429, code: "TooManyRequestsException" },
    internal: { status: 500, code: "InternalFailure" },
    route: (request) =>
      request.method === "POST" && request.pathname === "/v2/email/outbound-emails"
        ? { op: "SendEmail" }
        : undefined,
    handle(_request, call) {
      const body = (call.body ?? {}) as SendEmailBody;
      const from = body.FromEmailAddress;
      const to = [
        ...(body.Destination?.ToAddresses ?? []),
        ...(body.Destination?.CcAddresses ?? []),
        ...(body.Destination?.BccAddresses ?? []),
      ];
      if (from === undefined || body.Content === undefined) {
        throw new ServiceFailure(
          400,
          "BadRequestException",
          "FromEmailAddress and Content are required.",
        );
      }
      if (to.length === 0 && body.Content.Raw === undefined) {
        throw new ServiceFailure(400, "BadRequestException", "Missing final '@domain'");
      }
      const domain = from.split("@").at(-1) ?? "";
      if (verified !== undefined && !verified.includes(from) && !verified.includes(domain)) {
        throw new ServiceFailure(
          400,
          "MessageRejected",
          `Email address is not verified. The following identities failed the check in region ${(call.region ?? "us-east-1").toUpperCase()}: ${from}`,
        );
      }
      const messageId = `0100${randomBytes(8).toString("hex")}-${randomBytes(4).toString("hex")}-000000`;
      const simple = body.Content.Simple;
      sent.push({
        messageId,
        from,
        to,
        ...(simple?.Subject?.Data !== undefined && { subject: simple.Subject.Data }),
        ...(simple?.Body?.Text?.Data !== undefined && { text: simple.Body.Text.Data }),
        ...(simple?.Body?.Html?.Data !== undefined && { html: simple.Body.Html.Data }),
      });
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ MessageId: messageId }),
      };
    },
  });
  return Object.assign(base, { sent });
}
