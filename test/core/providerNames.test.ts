// Issue 12, "inputs read alike everywhere": every public function that takes a provider reads it
// as `LLM_PROVIDER` and `--provider` do — trimmed, any case — through the one core helper
// (normalizeProvider), and refuses anything else with UNKNOWN_PROVIDER.
import { describe, expect, it } from "vitest";
import {
  createChainFromEnv,
  createCredentialChain,
  decideCredentials,
  fromEnv,
  llmApiKey,
  llmFetch,
  loadSecretsForProvider,
  parseAdminKey,
  parseSecretPayload,
  selectProvider,
} from "../../src/index.js";
import type { Provider } from "../../src/index.js";
import { exampleEnv, exampleKeys } from "../../src/testing/index.js";
import { runCliInProcess } from "../cli/runCliInProcess.js";

const KEY = exampleKeys.openai;
// What a JavaScript caller, a config file or a form hands over; TypeScript callers cast.
const asProvider = (name: string) => name as Provider;

/** Each entry point, asked for `name`; resolves to the provider it acted for. */
const ENTRY_POINTS: [string, (name: string) => Promise<unknown>][] = [
  [
    "decideCredentials",
    async (name) =>
      decideCredentials({ provider: asProvider(name), adminKey: KEY, env: {} }).provider,
  ],
  ["selectProvider", async (name) => selectProvider(asProvider(name), {}).provider],
  ["parseAdminKey", async (name) => parseAdminKey(KEY, asProvider(name)).form],
  [
    "parseSecretPayload",
    async (name) =>
      parseSecretPayload(JSON.stringify({ api_key: KEY }), asProvider(name), {
        source: "local-secret",
        secretName: "llm",
      }).kind,
  ],
  [
    "createCredentialChain",
    async (name) =>
      createCredentialChain({
        provider: asProvider(name),
        sources: [fromEnv({ env: { OPENAI_API_KEY: KEY } })],
        env: {},
      }).provider,
  ],
  [
    "createChainFromEnv",
    async (name) =>
      createChainFromEnv({
        provider: asProvider(name),
        env: { OPENAI_API_KEY: KEY },
        envFile: false,
      }).provider,
  ],
  [
    "loadSecretsForProvider",
    async (name) => {
      const env: Record<string, string | undefined> = {
        ...exampleEnv.localSecret("llm", { api_key: KEY }, "openai"),
      };
      return (await loadSecretsForProvider({ provider: asProvider(name), env })).provider;
    },
  ],
  [
    "llmApiKey",
    async (name) =>
      (
        await llmApiKey(asProvider(name) as "openai", {
          env: { OPENAI_API_KEY: KEY },
          envFile: false,
        })
      ).source,
  ],
  [
    "llmFetch",
    async (name) => {
      let sent: string | null = null;
      const fetchWithKey = llmFetch(asProvider(name) as "openai", {
        chain: createChainFromEnv({
          provider: "openai",
          env: { OPENAI_API_KEY: KEY },
          envFile: false,
        }),
        fetch: async (_url, init) => {
          sent = new Headers(init?.headers).get("authorization");
          return new Response("{}");
        },
      });
      await fetchWithKey("http://127.0.0.1:9/v1/models");
      return sent;
    },
  ],
  [
    "a source's context.provider",
    async (name) =>
      (await fromEnv({ env: { OPENAI_API_KEY: KEY } }).resolve({ provider: asProvider(name) }))
        .kind,
  ],
  [
    "exampleEnv.localSecret (credchain/testing)",
    async (name) => Object.keys(exampleEnv.localSecret("llm", "v", asProvider(name))),
  ],
  [
    "exampleEnv.secretsManager (credchain/testing)",
    async (name) => Object.keys(exampleEnv.secretsManager("llm", asProvider(name))),
  ],
  [
    "credchain explain --provider",
    async (name) => {
      const run = await runCliInProcess(["explain", "--provider", name, "--json"], {
        env: { OPENAI_API_KEY: KEY },
      });
      return run.code === 0
        ? (run.json() as { provider: string }).provider
        : `${run.stdout}${run.stderr}`;
    },
  ],
];

describe("a provider name is read alike by every entry point", () => {
  it.each(ENTRY_POINTS)("%s takes OpenAI and ' openai ' as openai", async (_entry, call) => {
    const canonical = await call("openai");
    expect(await call("OpenAI")).toEqual(canonical);
    expect(await call(" OPENAI ")).toEqual(canonical);
  });

  it.each(ENTRY_POINTS)(
    "%s refuses an unknown provider with UNKNOWN_PROVIDER",
    async (entry, call) => {
      const outcome = await call("Gemini").then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (entry.startsWith("credchain ")) {
        expect(outcome).toEqual({ value: expect.stringContaining("UNKNOWN_PROVIDER") });
      } else {
        expect(outcome).toEqual({ error: expect.objectContaining({ code: "UNKNOWN_PROVIDER" }) });
      }
    },
  );
});
