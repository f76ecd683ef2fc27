// Runnable: `MERCHANT_TOKENS='{"merchant-abc-token":"merchant-abc"}' npx tsx examples/multi-tenant-server/main.ts`
//
// Environment:
//   MERCHANT_TOKENS          JSON object of bearer token → merchant id (required)
//   TENANT_STORE_PATH + TENANT_STORE_KEY   encrypted file store (key: base64 of 32 bytes)
//   TENANT_SECRETS_PREFIX    Secrets Manager store instead (e.g. "myapp/tenants/")
//   ALLOW_SERVICE_DEFAULTS   "true" to let merchants use the server's own AWS credentials
//   PORT, HOST               default 3000, 127.0.0.1
import { z } from "zod";
import {
  createTenantResolver,
  encryptedFileCredentialStore,
  memoryCredentialStore,
  secretsManagerCredentialStore,
} from "../../src/index.js";
import type { CredentialStore, Logger } from "../../src/index.js";
import { startServer } from "./server.js";

const env = z
  .object({
    MERCHANT_TOKENS: z.string().min(2),
    TENANT_STORE_PATH: z.string().min(1).optional(),
    TENANT_STORE_KEY: z.string().min(1).optional(),
    TENANT_SECRETS_PREFIX: z.string().min(1).optional(),
    ALLOW_SERVICE_DEFAULTS: z.enum(["true", "false"]).optional(),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default("127.0.0.1"),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(
    `multi-tenant-server: invalid environment (${env.error.issues.map((i) => i.path.join(".")).join(", ")}); see the comment at the top of main.ts.`,
  );
  process.exit(2);
}
const tokens = z
  .record(z.string().min(16), z.string())
  .safeParse(JSON.parse(env.data.MERCHANT_TOKENS));
if (!tokens.success) {
  console.error(
    "multi-tenant-server: MERCHANT_TOKENS must map tokens (16+ characters) to merchant ids.",
  );
  process.exit(2);
}

const logger: Logger = {
  info: (message, details) => console.log(JSON.stringify({ level: "info", message, ...details })),
  warn: (message, details) => console.warn(JSON.stringify({ level: "warn", message, ...details })),
  error: (message, details) =>
    console.error(JSON.stringify({ level: "error", message, ...details })),
};

let store: CredentialStore;
if (env.data.TENANT_SECRETS_PREFIX !== undefined) {
  store = secretsManagerCredentialStore({ prefix: env.data.TENANT_SECRETS_PREFIX });
} else if (env.data.TENANT_STORE_PATH !== undefined && env.data.TENANT_STORE_KEY !== undefined) {
  store = encryptedFileCredentialStore({
    path: env.data.TENANT_STORE_PATH,
    key: env.data.TENANT_STORE_KEY,
  });
} else {
  logger.warn?.(
    "no TENANT_STORE_PATH/TENANT_STORE_KEY or TENANT_SECRETS_PREFIX: stored credentials live in memory only",
  );
  store = memoryCredentialStore();
}

const resolver = createTenantResolver({
  store,
  allowServiceDefaults: env.data.ALLOW_SERVICE_DEFAULTS === "true",
  audit: (event) => console.log(JSON.stringify({ level: "audit", ...event })),
  logger,
});

const server = await startServer({
  resolver,
  tokens: tokens.data,
  logger,
  port: env.data.PORT,
  hostname: env.data.HOST,
});
logger.info?.("listening", { url: server.url });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
