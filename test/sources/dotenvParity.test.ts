// Issue 12: .env files are read as dotenv reads them — the parser users' files are written for —
// wherever credchain reads one: the env-file reader of the sources, the snapshot a chain built from
// the environment takes, and the CLI's --env-path (here through `secrets push`, whose stored JSON
// shows every key and value). Our own fixtures cover what people write: a UTF-8 BOM, `export`
// with blanks and tabs, escaped quotes, multi-line values, CRLF and CR-only line ends, comments,
// inline `#`, backticks, empty values. (dotenv's own fixture folder can be checked the same way
// with `npx tsx scripts/dotenv-parity.ts <folder>`.)
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import dotenv from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnvFile, readEnvFileSnapshot } from "../../src/internal/readEnvFile.js";
import { runCliInProcess } from "../cli/runCliInProcess.js";
import {
  EXAMPLE_CREDENTIALS,
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
} from "../support/index.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/dotenv");
const files = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".env"))
  .sort();
const expected = new Map(
  files.map((file) => [file, dotenv.parse(readFileSync(join(FIXTURES, file), "utf8"))]),
);

type Reading = Record<string, string | undefined>;
const readings = new Map<string, { reader: Reading; snapshot: Reading; cliPush: Reading }>();
let sm: SecretsManagerEmulator;

beforeAll(async () => {
  sm = await startSecretsManagerEmulator();
  for (const file of files) {
    const path = join(FIXTURES, file);
    const run = await runCliInProcess(
      ["secrets", "push", "--env-path", path, "--name", `parity/${file}`, "--json"],
      {
        env: {
          AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
          AWS_ACCESS_KEY_ID: EXAMPLE_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: EXAMPLE_CREDENTIALS.secretAccessKey,
          AWS_REGION: "us-east-1",
        },
      },
    );
    if (run.code !== 0) throw new Error(`secrets push of ${file} failed: ${run.stdout}`);
    const stored = sm.inspectSecret(`parity/${file}`)?.current;
    readings.set(file, {
      reader: { ...(await readEnvFile(path)) },
      snapshot: { ...readEnvFileSnapshot(path).values },
      cliPush: JSON.parse(String(stored)) as Reading,
    });
  }
});
afterAll(() => sm.close());

describe("credchain reads .env files as dotenv.parse does", () => {
  it("has fixtures with something to compare", () => {
    expect(files).toEqual(["cr-only.env", "crlf.env", "lf-with-bom.env"]);
    for (const parsed of expected.values()) expect(Object.keys(parsed).length).toBeGreaterThan(40);
  });

  const rows = files.flatMap((file) =>
    Object.entries(expected.get(file) ?? {}).map(([key, value]) => [file, key, value] as const),
  );
  it.each(rows)("%s: %s", (file, key, value) => {
    const read = readings.get(file);
    expect({
      reader: read?.reader[key],
      snapshot: read?.snapshot[key],
      cliPush: read?.cliPush[key],
    }).toEqual({ reader: value, snapshot: value, cliPush: value });
  });

  it.each(files)("%s: no key beyond dotenv's", (file) => {
    const keys = Object.keys(expected.get(file) ?? {}).sort();
    const read = readings.get(file);
    expect(Object.keys(read?.reader ?? {}).sort()).toEqual(keys);
    expect(Object.keys(read?.snapshot ?? {}).sort()).toEqual(keys);
    expect(Object.keys(read?.cliPush ?? {}).sort()).toEqual(keys);
  });
});
