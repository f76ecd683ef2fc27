// A loopback Amazon S3, path style only: CreateBucket, PutObject, GetObject, HeadObject.
// Bodies sent with `Content-Encoding: aws-chunked` (the SDK's checksum trailers) are decoded.
import { createHash } from "node:crypto";
import { createCredentialRegistry } from "./credentialRegistry.js";
import type { CredentialRegistry } from "./credentialRegistry.js";
import type { LoopbackRequest, LoopbackResponse } from "./loopbackServer.js";
import { ServiceFailure, startServiceEmulator } from "./startServiceEmulator.js";
import type { ServiceEmulator } from "./startServiceEmulator.js";

/** Options for {@link startS3Emulator}. */
export interface S3EmulatorOptions {
  /** Accepted SigV4 keys. @default a registry with the example keys */
  registry?: CredentialRegistry;
}

/** A stored object. */
export interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  /** Checksum headers the client sent (`x-amz-checksum-crc32`, …), returned on checksum-mode reads. */
  checksums: Record<string, string>;
}

/** The S3 emulator: the common surface plus its buckets and objects. */
export interface S3Emulator extends ServiceEmulator {
  /** Objects by `"<bucket>/<key>"`. */
  readonly objects: Map<string, StoredObject>;
  readonly buckets: Set<string>;
}

/**
 * Decodes an `aws-chunked` body: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n` then
 * trailer lines. Each step consumes input, so the loop ends with the body.
 */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd === -1)
      throw new ServiceFailure(400, "IncompleteBody", "The aws-chunked body is truncated.");
    const size = parseInt(body.subarray(offset, lineEnd).toString("latin1").split(";")[0]!, 16);
    if (!Number.isInteger(size) || size < 0)
      throw new ServiceFailure(400, "InvalidRequest", "Bad aws-chunked size.");
    offset = lineEnd + 2;
    if (size === 0) break;
    parts.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  for (const line of body.subarray(offset).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

function isAwsChunked(request: LoopbackRequest): boolean {
  return String(request.headers["content-encoding"] ?? "")
    .split(",")
    .some((v) => v.trim() === "aws-chunked");
}

function target(request: LoopbackRequest): { bucket: string; key?: string } | undefined {
  const [, rawBucket, ...rest] = request.pathname.split("/");
  if (rawBucket === undefined || rawBucket === "") return undefined;
  const bucket = decodeURIComponent(rawBucket);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === "")) return { bucket };
  return { bucket, key: decodeURIComponent(rest.join("/")) };
}

/**
 * Starts a path-style S3 emulator on 127.0.0.1. Buckets need not be created first.
 *
 * @example
 * const s3 = await startS3Emulator();
 * const client = new S3Client({ endpoint: s3.url, region: "us-east-1", forcePathStyle: true, credentials: EXAMPLE_CREDENTIALS });
 * await client.send(new PutObjectCommand({ Bucket: "b", Key: "k.txt", Body: "hello" }));
 * s3.objects.get("b/k.txt")?.body.toString(); // "hello"
 */
export async function startS3Emulator(options: S3EmulatorOptions = {}): Promise<S3Emulator> {
  const objects = new Map<string, StoredObject>();
  const buckets = new Set<string>();

  const payload = (request: LoopbackRequest) =>
    isAwsChunked(request) ? decodeAwsChunked(request.body) : { data: request.body, trailers: {} };

  const objectHeaders = (
    object: StoredObject,
    request: LoopbackRequest,
  ): Record<string, string> => ({
    "content-type": object.contentType,
    etag: object.etag,
    "last-modified": object.lastModified.toUTCString(),
    ...(request.headers["x-amz-checksum-mode"] === "ENABLED" && object.checksums),
  });

  const base = await startServiceEmulator({
    service: "s3",
    signingName: "s3",
    dialect: "s3",
    registry: options.registry ?? createCredentialRegistry(),
    throttle: { status: 503, code: "SlowDown" },
    internal: { status: 500, code: "InternalError" },
    recordBody: (request) => (request.body.length === 0 ? undefined : payload(request).data),
    route(request) {
      const where = target(request);
      if (where === undefined) return undefined;
      const record = { bucket: where.bucket, ...(where.key !== undefined && { key: where.key }) };
      if (where.key === undefined)
        return request.method === "PUT" ? { op: "CreateBucket", record } : undefined;
      const op = { PUT: "PutObject", GET: "GetObject", HEAD: "HeadObject", DELETE: "DeleteObject" }[
        request.method
      ];
      return op === undefined ? undefined : { op, record };
    },
    handle(request, call): LoopbackResponse {
      const bucket = call.bucket!;
      if (call.op === "CreateBucket") {
        buckets.add(bucket);
        return { status: 200, headers: { location: `/${bucket}` } };
      }
      const id = `${bucket}/${call.key!}`;
      if (call.op === "PutObject") {
        const { data, trailers } = payload(request);
        const checksums: Record<string, string> = {};
        for (const [name, value] of Object.entries({ ...request.headers, ...trailers })) {
          if (
            name.startsWith("x-amz-checksum-") &&
            name !== "x-amz-checksum-algorithm" &&
            typeof value === "string"
          ) {
            checksums[name] = value;
          }
        }
        const object: StoredObject = {
          body: data,
          contentType: String(request.headers["content-type"] ?? "application/octet-stream"),
          etag: `"${createHash("md5").update(data).digest("hex")}"`,
          lastModified: new Date(),
          checksums,
        };
        buckets.add(bucket);
        objects.set(id, object);
        return { status: 200, headers: { etag: object.etag, ...checksums } };
      }
      if (call.op === "DeleteObject") {
        objects.delete(id);
        return { status: 204 };
      }
      const object = objects.get(id);
      if (object === undefined) {
        if (call.op === "HeadObject") throw new ServiceFailure(404, "NotFound", "Not Found");
        throw new ServiceFailure(404, "NoSuchKey", "The specified key does not exist.", {
          Key: call.key!,
        });
      }
      if (call.op === "HeadObject") {
        return {
          status: 200,
          headers: {
            ...objectHeaders(object, request),
            "content-length": String(object.body.length),
          },
        };
      }
      return { status: 200, headers: objectHeaders(object, request), body: object.body };
    },
  });
  return Object.assign(base, { objects, buckets });
}
