// Packs credchain, installs the tarball into an empty temporary project, and loads every entry
// point by `import` and `require` — the way a user's project would. Also checks that the entry
// points load no AWS SDK client eagerly and that the bin runs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "credchain-smoke-"));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

try {
  const tarball = run("npm", ["pack", "--silent", "--pack-destination", work], root)
    .trim()
    .split("\n")
    .pop();
  const project = join(work, "project");
  run("mkdir", ["-p", project]);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "smoke", private: true, type: "module" }),
  );
  run(
    "npm",
    ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", join(work, tarball)],
    project,
  );

  writeFileSync(
    join(project, "esm.mjs"),
    `import * as root from "credchain";
import * as core from "credchain/core";
import * as testing from "credchain/testing";
const d = core.decideCredentials({ provider: "bedrock", adminKey: "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", env: {} });
if (d.auth.detail !== "pair" || typeof root.createCredentialChain !== "function") throw new Error("esm: unexpected exports");
if (JSON.stringify(d).includes("wJalr")) throw new Error("esm: secret leaked");
console.log("esm ok", Object.keys(root).length, "root exports,", Object.keys(testing).length, "testing exports");
`,
  );
  writeFileSync(
    join(project, "cjs.cjs"),
    `const core = require("credchain/core");
const loaded = () => Object.keys(require.cache).filter((p) => p.includes("@aws-sdk"));
if (loaded().length) throw new Error("credchain/core loaded " + loaded()[0]);
const root = require("credchain");
const clients = loaded().filter((p) => /@aws-sdk[\\\\/]client-/.test(p));
if (clients.length) throw new Error("credchain loaded an AWS SDK client eagerly: " + clients[0]);
require("credchain/testing");
const d = root.decideCredentials({ provider: "openai", env: { OPENAI_API_KEY: "sk-proj-0123456789abcdefghijkl" } });
if (d.auth.source !== "env" || !(core.mask("AKIAIOSFODNN7EXAMPLE", "access-key-id") === "AKIA…MPLE")) throw new Error("cjs: unexpected result");
console.log("cjs ok");
`,
  );
  process.stdout.write(run("node", ["esm.mjs"], project));
  process.stdout.write(run("node", ["cjs.cjs"], project));
  const help = run(join(project, "node_modules", ".bin", "credchain"), ["--help"], project);
  if (!help.includes("explain")) throw new Error("bin: --help does not mention explain");
  console.log("bin ok");
  console.log(`smoke test passed: ${tarball} installs and loads by import and require`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
