import http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";

describe("network guard", () => {
  it("refuses a socket to a non-loopback address before connecting", async () => {
    const socket = net.connect({ host: "10.255.255.1", port: 80 });
    await expect(
      new Promise((_resolve, reject) => socket.once("error", reject)),
    ).rejects.toMatchObject({ code: "ENONLOOPBACK" });
  });

  it("refuses the instance-metadata address over HTTP", async () => {
    const req = http.get("http://169.254.169.254/latest/meta-data/");
    await expect(
      new Promise((_resolve, reject) => req.once("error", reject)),
    ).rejects.toMatchObject({ code: "ENONLOOPBACK" });
  });

  it("refuses a public host name before resolving it", async () => {
    await expect(fetch("https://bedrock-runtime.us-east-1.amazonaws.com/")).rejects.toMatchObject({
      cause: { code: "ENONLOOPBACK" },
    });
  });

  it("allows loopback", async () => {
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    server.close();
    expect(body).toBe("ok");
  });

  it("isolates HOME and clears AWS_* for each test", () => {
    expect(process.env.HOME).toMatch(/credchain-home-/);
    expect(process.env.AWS_EC2_METADATA_DISABLED).toBe("true");
    expect(process.env.AWS_ACCESS_KEY_ID).toBeUndefined();
  });
});
