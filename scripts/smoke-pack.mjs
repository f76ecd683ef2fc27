// Packs credchain (`npm pack` runs the prepack build), checks the tarball's types under every
// TypeScript resolution mode with attw, installs it into an empty temporary project, and loads
// every entry point by `import` and `require` — the way a user's project would. Also checks that
// the entry points load no AWS SDK client eagerly, that the bin runs, and that `--env-file` given
// to the bin is refused by credchain rather than read by Node, and that the SDK clients are
// dependencies, never bundled into dist.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  const listed = run("tar", ["-tzf", join(work, tarball)], work);
  for (const file of [
    "package/dist/index.js",
    "package/dist/index.cjs",
    "package/dist/cli/main.js",
    "package/docs/precedence.md",
  ]) {
    if (!listed.includes(file)) throw new Error(`the tarball lacks ${file}: did prepack build?`);
  }
  process.stdout.write(
    run(join(root, "node_modules", ".bin", "attw"), [join(work, tarball)], root),
  );
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
  // The SDK clients credchain loads lazily are dependencies: a copy bundled into dist would be a
  // second SDK in the user's tree, and a declaration importing a package the user does not get
  // would not type-check.
  const installed = join(project, "node_modules", "credchain");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const packageOf = (specifier) =>
    specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");
  const distFiles = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? distFiles(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of distFiles(join(installed, "dist"))) {
    const text = readFileSync(file, "utf8");
    if (/\.d\.c?ts$/.test(file)) {
      for (const [, specifier] of text.matchAll(/(?:from|import\()\s*["']([^."'][^"']*)["']/g)) {
        if (!specifier.startsWith("node:") && !declared.has(packageOf(specifier)))
          throw new Error(`${file} imports ${specifier}, which credchain does not depend on`);
      }
    } else if (file.endsWith(".map")) {
      const bundled = JSON.parse(text).sources.find((s) =>
        /node_modules\/@aws-sdk\/client-/.test(s),
      );
      if (bundled !== undefined) throw new Error(`${file} bundles ${bundled}`);
    }
  }
  for (const client of ["@aws-sdk/client-secrets-manager", "@aws-sdk/client-ssm"]) {
    if (!existsSync(join(project, "node_modules", client, "package.json")))
      throw new Error(`installing credchain did not install ${client}`);
  }
  console.log("dependencies ok");
  process.stdout.write(run("node", ["esm.mjs"], project));
  process.stdout.write(run("node", ["cjs.cjs"], project));
  const help = run(join(project, "node_modules", ".bin", "credchain"), ["--help"], project);
  if (!help.includes("explain")) throw new Error("bin: --help does not mention explain");
  // Node 20 reads `--env-file` from a script's argv and applies its NODE_OPTIONS: the bin must not let it.
  const marker = join(work, "node-read-the-env-file");
  writeFileSync(
    join(project, "evil.cjs"),
    `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
  );
  writeFileSync(
    join(project, "vendor.env"),
    `NODE_OPTIONS=--require ${join(project, "evil.cjs")}\n`,
  );
  let code = 0;
  try {
    execFileSync(
      join(project, "node_modules", ".bin", "credchain"),
      ["explain", "--env-file", "vendor.env"],
      {
        cwd: project,
        stdio: "ignore",
      },
    );
  } catch (error) {
    code = error.status;
  }
  if (code !== 2 || existsSync(marker))
    throw new Error(`bin: --env-file exited ${code}; Node read the file: ${existsSync(marker)}`);
  console.log("bin ok");
  console.log(`smoke test passed: ${tarball} installs and loads by import and require`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
