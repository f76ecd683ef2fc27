// llmFetch (issue 13): the provider's key header on every request, and a rotated key picked up on
// a 401 — once for all concurrent 401s, one retry per request, never for a body that cannot be
// sent twice — with llmApiKey's resolution and errors.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createCredentialChain, llmApiKey, llmFetch } from "../../src/index.js";
import { exampleKeys, memoryLogger, sequenceSource } from "../../src/testing/index.js";
import { newOpenAiKey, startLlmEmulator } from "../support/startLlmEmulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

const OLD = "sk-proj-OLDkeyOLDkeyOLDkeyOLDkeyOLD0001";
const NEW = "sk-proj-NEWkeyNEWkeyNEWkeyNEWkeyNEW0002";
const URL_ = "http://127.0.0.1:9/v1/chat/completions";

/** A `fetch` that records each request and answers with `answer`; 401 to any key but `accepted()`. */
function recordingFetch(accepted: () => string | undefined) {
  const requests: Request[] = [];
  const send: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    const auth = request.headers.get("authorization") ?? request.headers.get("x-api-key") ?? "";
    const key = auth.replace(/^Bearer /, "");
    if (accepted() !== undefined && key !== accepted()) {
      return new Response(
        JSON.stringify({ error: { code: "invalid_api_key", n: requests.length } }),
        {
          status: 401,
        },
      );
    }
    return new Response(JSON.stringify({ ok: true }), { status: 200 });
  };
  return { send, requests };
}

/** An OpenAI chain whose source serves OLD first, then NEW (a secret rotated between reads). */
function rotatingChain(keys: readonly string[] = [OLD, NEW]) {
  const source = sequenceSource(
    "secrets-manager",
    keys.map((apiKey) => ({ apiKey })),
  );
  const chain = createCredentialChain({ provider: "openai", env: {}, sources: [source] });
  return { source, chain };
}

const post = (
  body: RequestInit["body"] = JSON.stringify({ model: "gpt-4o-mini", messages: [] }),
) => ({
  method: "POST",
  headers: { authorization: "Bearer placeholder", "content-type": "application/json" },
  body,
});

describe("llmFetch's key header", () => {
  const CUSTOM = "custom-key-0123456789abcdef";
  it.each([
    {
      provider: "openai",
      env: { OPENAI_API_KEY: exampleKeys.openai },
      header: "authorization",
      value: `Bearer ${exampleKeys.openai}`,
    },
    {
      provider: "cohere",
      env: { COHERE_API_KEY: exampleKeys.cohere },
      header: "authorization",
      value: `Bearer ${exampleKeys.cohere}`,
    },
    {
      provider: "anthropic",
      env: { ANTHROPIC_API_KEY: exampleKeys.anthropic },
      header: "x-api-key",
      value: exampleKeys.anthropic,
    },
    {
      provider: "custom",
      env: { CUSTOM_API_KEY: CUSTOM },
      header: "authorization",
      value: `Bearer ${CUSTOM}`,
    },
  ] as const)(
    "$provider: the key goes in $header, replacing the SDK's placeholder",
    async ({ provider, env, header, value }) => {
      const { send, requests } = recordingFetch(() => undefined);
      const fetch = llmFetch(provider, { env, envFile: false, fetch: send });

      const response = await fetch(URL_, post());

      expect(response.status).toBe(200);
      expect(requests[0]!.headers.get(header)).toBe(value);
      // The SDK's other key header (Anthropic's SDK 1.x sends its apiKey as Authorization: Bearer)
      // carries the key too: no placeholder reaches the provider.
      if (header !== "authorization") {
        expect(requests[0]!.headers.get("authorization")).toBe(`Bearer ${exampleKeys.anthropic}`);
      }
    },
  );

  it("sends a custom endpoint's raw key in the header it names", async () => {
    const { send, requests } = recordingFetch(() => undefined);
    const fetch = llmFetch("custom", {
      env: { CUSTOM_API_KEY: "azure-style-key-0123456789" },
      envFile: false,
      header: "api-key",
      fetch: send,
    });

    await fetch(URL_, post());

    expect(requests[0]!.headers.get("api-key")).toBe("azure-style-key-0123456789");
  });

  it("resolves the key as llmApiKey does: the admin key beats the environment", async () => {
    const { send, requests } = recordingFetch(() => undefined);
    const options = { adminKey: NEW, env: { OPENAI_API_KEY: OLD }, envFile: false } as const;

    await llmFetch("openai", { ...options, fetch: send })(URL_, post());

    expect(requests[0]!.headers.get("authorization")).toBe(`Bearer ${NEW}`);
    expect((await llmApiKey("openai", options)).apiKey).toBe(NEW);
  });
});

describe("llmFetch's errors match llmApiKey's", () => {
  it("rejects with API_KEY_MISSING when no source holds a key", async () => {
    const { send, requests } = recordingFetch(() => undefined);
    const fetch = llmFetch("cohere", { env: {}, envFile: false, fetch: send });

    const error = await fetch(URL_, post()).catch((e: unknown) => e);

    const expected = await llmApiKey("cohere", { env: {}, envFile: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "API_KEY_MISSING" });
    expect((error as Error).message).toBe((expected as Error).message);
    expect(requests).toHaveLength(0);
  });

  it("sends a keyless custom endpoint's request as it is, as llmApiKey returns no key", async () => {
    const { send, requests } = recordingFetch(() => undefined);
    const fetch = llmFetch("custom", { env: {}, envFile: false, fetch: send });

    const response = await fetch(URL_, post());

    expect(response.status).toBe(200);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer placeholder");
    expect((await llmApiKey("custom", { env: {}, envFile: false })).apiKey).toBeUndefined();
  });

  it("refuses a chain that holds no API key (a Bedrock chain) with AUTH_KIND_MISMATCH", async () => {
    const chain = createCredentialChain({
      provider: "bedrock",
      env: {},
      sources: [sequenceSource("env", [{ token: exampleKeys.bedrockApiKey }])],
    });
    const { send } = recordingFetch(() => undefined);

    await expect(llmFetch("openai", { chain, fetch: send })(URL_, post())).rejects.toMatchObject({
      code: "AUTH_KIND_MISMATCH",
    });
  });
});

describe("llmFetch after the key is rotated", () => {
  it("re-reads the key once for 20 concurrent 401s and retries each request once with the new key", async () => {
    const { source, chain } = rotatingChain();
    let accepted = OLD;
    const { send, requests } = recordingFetch(() => accepted);
    const fetch = llmFetch("openai", { chain, fetch: send });
    await fetch(URL_, post()); // the chain holds OLD
    accepted = NEW;

    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(URL_, post())));

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(source.calls).toBe(2); // the first read, then one for all 20
    const keys = requests.slice(1).map((r) => r.headers.get("authorization"));
    expect(keys.filter((k) => k === `Bearer ${OLD}`)).toHaveLength(20);
    expect(keys.filter((k) => k === `Bearer ${NEW}`)).toHaveLength(20);
  });

  it("retries once only, and hands the second 401 back unchanged", async () => {
    const { chain } = rotatingChain([OLD, NEW, newOpenAiKey()]);
    const { send, requests } = recordingFetch(() => "a key nobody holds");
    const fetch = llmFetch("openai", { chain, fetch: send });

    const response = await fetch(URL_, post());

    expect(response.status).toBe(401);
    expect(requests).toHaveLength(2);
    expect(await response.json()).toEqual({ error: { code: "invalid_api_key", n: 2 } });
  });

  it("hands the 401 back without a retry when the source still holds the refused key", async () => {
    const { source, chain } = rotatingChain([OLD]);
    const { send, requests } = recordingFetch(() => NEW);
    const logger = memoryLogger();
    const fetch = llmFetch("openai", { chain, fetch: send, logger });

    const response = await fetch(URL_, post());

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "invalid_api_key", n: 1 } });
    expect([requests.length, source.calls]).toEqual([1, 2]);
    expect(logger.entries).toEqual([
      expect.objectContaining({ level: "error", details: { provider: "openai", key: "…0001" } }),
    ]);
  });

  it("does not resend a body that cannot be read twice (a stream), but the next request carries the new key", async () => {
    const { source, chain } = rotatingChain();
    const { send, requests } = recordingFetch(() => NEW);
    const fetch = llmFetch("openai", { chain, fetch: send });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{}"));
        controller.close();
      },
    });

    const response = await fetch(URL_, { ...post(stream), duplex: "half" });

    expect(response.status).toBe(401);
    expect([requests.length, source.calls]).toEqual([1, 2]);
    expect((await fetch(URL_, post())).status).toBe(200);
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual([
      `Bearer ${OLD}`,
      `Bearer ${NEW}`,
    ]);
  });

  it("logs the recovery with masked keys only", async () => {
    const { chain } = rotatingChain();
    let accepted = OLD;
    const { send } = recordingFetch(() => accepted);
    const logger = memoryLogger();
    const fetch = llmFetch("openai", { chain, fetch: send, logger });
    await fetch(URL_, post());
    accepted = NEW;

    await fetch(URL_, post());

    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: "warn",
        details: { provider: "openai", refused: "…0001", now: "…0002" },
      }),
    ]);
    expect(logger.text()).not.toContain(OLD);
    expect(logger.text()).not.toContain(NEW);
  });
});

describe("llmFetch in the real SDKs' fetch option", () => {
  it("OpenAI: a chat completion over the wire carries the chain's key, then the rotated one", async () => {
    const llm = await startLlmEmulator({ apiKey: OLD });
    closers.push(() => llm.close());
    const { chain } = rotatingChain();
    const openai = new OpenAI({
      apiKey: "placeholder",
      baseURL: llm.url,
      maxRetries: 0,
      fetch: llmFetch("openai", { chain }),
    });
    const ask = () =>
      openai.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "ping" }],
      });
    await ask();
    llm.rotateKey(NEW);

    const reply = await ask();

    expect(reply.choices[0]!.message.content).toBe("emulated reply from gpt-4o-mini");
    expect(llm.calls.map((c) => [c.apiKey, c.status])).toEqual([
      [OLD, 200],
      [OLD, 401],
      [NEW, 200],
    ]);
  });

  it("Anthropic: the SDK's x-api-key is replaced by the chain's key", async () => {
    const seen: Request[] = [];
    const answer: typeof fetch = async (input, init) => {
      seen.push(new Request(input, init));
      return Response.json({
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-3-5-haiku-latest",
        content: [{ type: "text", text: "pong" }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      });
    };
    const anthropic = new Anthropic({
      apiKey: "placeholder",
      baseURL: "http://127.0.0.1:9",
      maxRetries: 0,
      fetch: llmFetch("anthropic", {
        env: { ANTHROPIC_API_KEY: exampleKeys.anthropic },
        envFile: false,
        fetch: answer,
      }),
    });

    const message = await anthropic.messages.create({
      model: "claude-3-5-haiku-latest",
      max_tokens: 16,
      messages: [{ role: "user", content: "ping" }],
    });

    expect(message.content[0]).toMatchObject({ type: "text", text: "pong" });
    expect(seen[0]!.headers.get("x-api-key")).toBe(exampleKeys.anthropic);
    // Whichever header this SDK version carries its apiKey in, the placeholder never leaves.
    expect([...seen[0]!.headers].filter(([, value]) => value.includes("placeholder"))).toEqual([]);
  });
});
