// Parity of credchain's .env parsing with dotenv's own, over a folder of fixture files (dotenv's
// tests/ folder, say): every key and value must be equal. Prints how util.parseEnv differs, for
// comparison. Usage: npx tsx scripts/dotenv-parity.ts <folder>
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual, parseEnv } from "node:util";
import dotenv from "dotenv";
import { parseDotenv } from "../src/internal/parseDotenv.js";

const folder = process.argv[2];
if (folder === undefined) {
  console.error("usage: npx tsx scripts/dotenv-parity.ts <folder of .env fixtures>");
  process.exit(2);
}
let files = 0;
let keys = 0;
let mismatches = 0;
let parseEnvDiffers = 0;
for (const name of readdirSync(folder).sort()) {
  const path = join(folder, name);
  if (!statSync(path).isFile()) continue;
  const text = readFileSync(path, "utf8");
  const expected = dotenv.parse(text);
  const ours = { ...parseDotenv(text) };
  files += 1;
  keys += Object.keys(expected).length;
  if (!isDeepStrictEqual(ours, expected)) {
    mismatches += 1;
    console.log(`MISMATCH ${name}`);
  }
  const node = { ...parseEnv(text) };
  const differing = Object.keys({ ...expected, ...node }).filter((k) => node[k] !== expected[k]);
  if (differing.length > 0) {
    parseEnvDiffers += 1;
    console.log(`util.parseEnv differs from dotenv on ${name}: ${differing.join(", ")}`);
  }
}
console.log(
  `${files} file(s), ${keys} key(s): ${mismatches} mismatch(es) with dotenv; util.parseEnv differs on ${parseEnvDiffers} file(s).`,
);
process.exitCode = mismatches === 0 ? 0 : 1;
