// Refuses every socket to a non-loopback address, before any packet leaves. Loaded by the vitest
// setup file and, through NODE_OPTIONS=--import, by child processes the tests spawn.
import net from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "::ffff:127.0.0.1"]);

export function isLoopbackHost(host) {
  if (host === undefined || host === null || host === "") return true; // Node defaults to localhost
  const h = String(host).toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

export class NonLoopbackConnectionError extends Error {
  constructor(host, port) {
    super(
      `network guard: refused a connection to ${host}:${port} (tests may reach 127.0.0.1 only)`,
    );
    this.name = "NonLoopbackConnectionError";
    this.code = "ENONLOOPBACK";
  }
}

function targetOf(args) {
  const first = args[0];
  if (Array.isArray(first)) return targetOf(first); // internal normalized form
  if (first !== null && typeof first === "object") {
    if (typeof first.path === "string") return { path: first.path };
    return { host: first.host, port: first.port };
  }
  if (typeof first === "string" && Number.isNaN(Number(first))) return { path: first };
  return { host: typeof args[1] === "string" ? args[1] : undefined, port: first };
}

const original = net.Socket.prototype.connect;
if (!original.__credchainGuard) {
  const guarded = function connect(...args) {
    const target = targetOf(args);
    if (target.path === undefined && !isLoopbackHost(target.host)) {
      const err = new NonLoopbackConnectionError(target.host, target.port);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return original.apply(this, args);
  };
  guarded.__credchainGuard = true;
  net.Socket.prototype.connect = guarded;
}
