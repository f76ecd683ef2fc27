// no-credentials: nothing configured, IMDS disabled. Time from a fresh chain's first call to its
// error, and how many sources' reasons the error carries.
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { msPerRun, resultRow, type BenchConfig, type ScenarioResult } from "../harness.js";
import type { Credchain } from "../loadCredchain.js";

const ROUNDS = 30;

/** Lines of an SDK error message that name a provider and why it failed. */
function sdkReasons(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").filter((line) => /^\s*-\s*\S/.test(line)).length;
}

export async function noCredentials(
  credchain: Credchain,
  _config: BenchConfig,
): Promise<ScenarioResult[]> {
  if (process.env.AWS_EC2_METADATA_DISABLED !== "true") throw new Error("IMDS must be disabled");
  let ourError: unknown;
  let sdkError: unknown;
  let chain: ReturnType<Credchain["createChainFromEnv"]> | undefined;
  const ours = await msPerRun(async () => {
    chain = credchain.createChainFromEnv({ provider: "bedrock", env: {} });
    ourError = await chain.credentials().then(
      () => new Error("no-credentials: credchain found credentials"),
      (error: unknown) => error,
    );
  }, ROUNDS);
  const theirs = await msPerRun(async () => {
    sdkError = await fromNodeProviderChain()().then(
      () => new Error("no-credentials: the SDK found credentials"),
      (error: unknown) => error,
    );
  }, ROUNDS);
  if (!credchain.isNoCredentialsError(ourError)) {
    throw new Error(`no-credentials: credchain raised ${String(ourError)}`);
  }
  const sdkName = (sdkError as { name?: string }).name;
  if (sdkName !== "CredentialsProviderError") {
    throw new Error(`no-credentials: the SDK raised ${String(sdkError)}`);
  }
  const error = ourError;
  const reasons = error.attempts.length;
  const trace = (await chain?.explain()) ?? [];
  const everySource =
    reasons > 0 &&
    reasons === trace.length &&
    error.attempts.every((a) => a.reason.trim() !== "" && error.message.includes(a.source));
  const theirReasons = sdkReasons(sdkError);
  const sdkMessage = (sdkError as Error).message.split("\n")[0];
  return [
    resultRow({
      name: "no-credentials",
      unit: "ms to error",
      credchain: ours,
      peer: "@aws-sdk/credential-providers fromNodeProviderChain()",
      peerValue: theirs,
      target: "report (credchain runs the SDK chain as its last source, so it cannot be faster)",
      met: true,
      note: `Fresh chain per run, median of ${ROUNDS} runs after a warm-up (module imports excluded).`,
    }),
    resultRow({
      name: "no-credentials:reasons",
      unit: "source reasons in the error",
      credchain: reasons,
      peer: "@aws-sdk/credential-providers fromNodeProviderChain()",
      peerValue: theirReasons,
      target: "every source tried is named with its reason (SDK: none)",
      met: everySource,
      note: `credchain: ${error.attempts.map((a) => a.source).join(", ")}; SDK message: "${sdkMessage}".`,
    }),
  ];
}
