// hot-provider: a resolved chain's `credentials()` against the AWS SDK's memoized default chain,
// both serving the same environment key pair and both warm.
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import {
  EXAMPLE_KEYS,
  nsPerCall,
  resultRow,
  type BenchConfig,
  type ScenarioResult,
} from "../harness.js";
import type { Credchain } from "../loadCredchain.js";

export async function hotProvider(
  credchain: Credchain,
  config: BenchConfig,
): Promise<ScenarioResult> {
  process.env.AWS_ACCESS_KEY_ID = EXAMPLE_KEYS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = EXAMPLE_KEYS.secretAccessKey;
  try {
    const chain = credchain.createChainFromEnv({ provider: "bedrock" });
    // fromNodeProviderChain wraps defaultProvider, whose memoizeChain caches the first result.
    const sdk = fromNodeProviderChain();
    const [ours, theirs] = await Promise.all([chain.credentials(), sdk()]);
    if (
      ours.accessKeyId !== EXAMPLE_KEYS.accessKeyId ||
      theirs.accessKeyId !== EXAMPLE_KEYS.accessKeyId
    ) {
      throw new Error("hot-provider: a chain did not resolve the environment key pair");
    }
    if ((await chain.resolve()).auth.source !== "env") {
      throw new Error("hot-provider: credchain did not choose the env source");
    }
    // The SDK's memoization must really be in effect: a changed env must not show through.
    process.env.AWS_ACCESS_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
    if ((await sdk()).accessKeyId !== EXAMPLE_KEYS.accessKeyId) {
      throw new Error("hot-provider: the SDK chain is not memoized");
    }
    if ((await chain.credentials()).accessKeyId !== EXAMPLE_KEYS.accessKeyId) {
      throw new Error("hot-provider: the credchain chain is not memoized");
    }
    const ns = await nsPerCall({ credchain: () => chain.credentials(), sdk: () => sdk() }, config);
    return resultRow({
      name: "hot-provider",
      unit: "ns/call",
      credchain: ns.credchain!,
      peer: "@aws-sdk/credential-providers fromNodeProviderChain() (memoized)",
      peerValue: ns.sdk!,
      target: "ratio ≤ 1.0",
      met: (ratio) => ratio !== null && ratio <= 1.0,
      note: "Both resolved once from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY before timing; 100 awaited calls per sample.",
    });
  } finally {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  }
}
