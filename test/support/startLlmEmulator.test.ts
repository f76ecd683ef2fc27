import { afterEach, describe, expect, it } from "vitest";
import { startLlmEmulator } from "./startLlmEmulator.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function start(apiKey = "sk-proj-first-key-000000000000000000000001") {
  const llm = await startLlmEmulator({ apiKey });
  closers.push(() => llm.close());
  return llm;
}

const chat = (url: string, key: string | undefined, body: unknown = defaultBody) =>
  fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify(body),
  });
const defaultBody = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };

describe("startLlmEmulator", () => {
  it("answers a chat completion in OpenAI's shape for the current key", async () => {
    const llm = await start();

    const response = await chat(llm.url, llm.apiKey);

    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      choices: { message: { role: string; content: string }; finish_reason: string }[];
    };
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]).toMatchObject({
      message: { role: "assistant", content: "emulated reply from gpt-4o-mini" },
      finish_reason: "stop",
    });
    expect(llm.calls).toEqual([
      expect.objectContaining({
        op: "ChatCompletions",
        apiKey: llm.apiKey,
        authorized: true,
        model: "gpt-4o-mini",
        status: 200,
      }),
    ]);
  });

  it("refuses the previous key with 401 invalid_api_key from the moment it is rotated", async () => {
    const llm = await start();
    const old = llm.apiKey;

    const next = llm.rotateKey();
    const refused = await chat(llm.url, old);
    const accepted = await chat(llm.url, next);

    expect(next).toMatch(/^sk-proj-/);
    expect(next).not.toBe(old);
    expect(refused.status).toBe(401);
    const error = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.error.code).toBe("invalid_api_key");
    expect(error.error.message).not.toContain(old);
    expect(accepted.status).toBe(200);
    expect(llm.calls.map((c) => [c.authorized, c.status, c.errorCode, c.model])).toEqual([
      [false, 401, "invalid_api_key", "gpt-4o-mini"],
      [true, 200, undefined, "gpt-4o-mini"],
    ]);
  });

  it("refuses a request without a key, and an unknown path with 404", async () => {
    const llm = await start();
    expect((await chat(llm.url, undefined)).status).toBe(401);
    const unknown = await fetch(`${llm.url}/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${llm.apiKey}` },
    });
    expect(unknown.status).toBe(404);
    expect(llm.calls.map((c) => c.errorCode)).toEqual(["missing_api_key", "unknown_url"]);
  });

  it("lists models, and refuses a completion without model or messages", async () => {
    const llm = await start();
    const models = await fetch(`${llm.url}/models`, {
      headers: { authorization: `Bearer ${llm.apiKey}` },
    });
    expect(await models.json()).toMatchObject({ object: "list", data: [{ id: "gpt-4o-mini" }] });
    expect((await chat(llm.url, llm.apiKey, { model: "gpt-4o-mini" })).status).toBe(400);
  });

  it("applies scripted faults after the key check, in OpenAI's error shapes", async () => {
    const llm = await start();
    llm.faults.push({ op: "ChatCompletions", kind: "throttle" }, { kind: "500" });

    const throttled = await chat(llm.url, llm.apiKey);
    const failed = await chat(llm.url, llm.apiKey);
    const refused = await chat(llm.url, "sk-proj-not-the-key-00000000000000000000");
    const served = await chat(llm.url, llm.apiKey);

    expect([throttled.status, failed.status, refused.status, served.status]).toEqual([
      429, 500, 401, 200,
    ]);
    expect(llm.calls.map((c) => c.fault)).toEqual(["throttle", "500", undefined, undefined]);
    expect(llm.faults.applied).toBe(2);
  });

  it("uses the reply function with the last user message", async () => {
    const llm = await startLlmEmulator({
      reply: ({ model, lastUserText }) => `${model} heard: ${lastUserText}`,
    });
    closers.push(() => llm.close());
    const response = await chat(llm.url, llm.apiKey, {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "ping" },
      ],
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe("gpt-4o heard: ping");
  });
});
