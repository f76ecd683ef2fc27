// A mocked Secrets Manager for the secret scenarios: aws-sdk-client-mock replaces `send` of every
// SecretsManagerClient instance, so credchain and Powertools share it and no request leaves the
// process. Each answer takes `latencyMs()` of real time.
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { setTimeout as sleep } from "node:timers/promises";

export const SECRET_JSON = JSON.stringify({ api_key: "sk-bench-0000000000000000000000000000" });

const mockSecretsManager = () => mockClient(SecretsManagerClient);
export type SecretsMock = ReturnType<typeof mockSecretsManager>;

export function secretsMock(latencyMs: () => number): SecretsMock {
  const mock = mockSecretsManager();
  const entry = (name: string) => ({
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`,
    Name: name,
    VersionId: "00000000-0000-4000-8000-000000000000",
    SecretString: SECRET_JSON,
  });
  mock.on(GetSecretValueCommand).callsFake(async (input: { SecretId?: string }) => {
    const ms = latencyMs();
    if (ms > 0) await sleep(ms);
    return entry(input.SecretId ?? "");
  });
  mock.on(BatchGetSecretValueCommand).callsFake(async (input: { SecretIdList?: string[] }) => {
    const ms = latencyMs();
    if (ms > 0) await sleep(ms);
    return { SecretValues: (input.SecretIdList ?? []).map(entry), Errors: [] };
  });
  return mock;
}

/** API calls the mock has answered since its last `resetHistory()`. */
export const mockCalls = (mock: SecretsMock) => ({
  get: mock.commandCalls(GetSecretValueCommand).length,
  batch: mock.commandCalls(BatchGetSecretValueCommand).length,
});
