// Start-up: load a JSON secret into process.env before the config is read (AWS_SECRETS_INSIGHTSHOP
// names it), then build a typed Config from the environment. Variables already set win, so a value
// passed with `docker run -e` still overrides the secret.
//
//   npx tsx --tsconfig examples/tsconfig.json examples/startup-load-into-env.ts
import { decideCredentials, loadIntoEnv } from "credchain";
import { z } from "zod";
import { startEmulators } from "./_emulators.js";

const aws = await startEmulators({
  taskRole: true,
  secrets: {
    "insightshop/production": {
      JWT_SECRET: "example-jwt-secret-0123456789",
      DATABASE_URL: "postgres://shop@db.internal:5432/shop",
      AWS_REGION: "eu-north-1",
      PORT: 8080,
    },
  },
});
Object.assign(process.env, { AWS_SECRETS_INSIGHTSHOP: "insightshop/production", PORT: "3000" });

// 1. Before anything reads the config.
const loaded = await loadIntoEnv({ secretIdFromEnv: "AWS_SECRETS_INSIGHTSHOP" });
console.log("set from the secret:", loaded.set.join(", "));
console.log("kept (already set):", loaded.skipped.join(", "));

// 2. The config, validated once.
const Config = z.object({
  JWT_SECRET: z.string().min(16),
  DATABASE_URL: z.url(),
  AWS_REGION: z.string(),
  PORT: z.coerce.number().int(),
});
const config = Config.parse(process.env);
console.log(
  `config: region ${config.AWS_REGION}, port ${config.PORT}, database ${new URL(config.DATABASE_URL).host}`,
);

// 3. Bedrock with a blank admin key falls through to the task role, in the secret's region.
const decision = decideCredentials({ provider: "bedrock", env: process.env });
console.log(`${String(decision)} in ${decision.region?.value} (${decision.region?.source})`);

await aws.close();
