// Issue 12: .env files are read as dotenv reads them — what users' files are written for. Each
// case below is one that Node 20's util.parseEnv gets wrong; scripts/dotenv-parity.ts checks a
// folder of fixtures (such as dotenv's own tests/) key by key against dotenv.
import { parseEnv } from "node:util";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { parseDotenv } from "../../src/internal/parseDotenv.js";
import { decideCredentials } from "../../src/index.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const cases: [string, string, Record<string, string>][] = [
  ["a UTF-8 byte order mark", "\uFEFFBASIC=basic\nNEXT=1\n", { BASIC: "basic", NEXT: "1" }],
  ["export followed by blanks", "export   SPACED=1\n", { SPACED: "1" }],
  ["export followed by a tab", "export\tTABBED=2\n", { TABBED: "2" }],
  ["escaped quotes inside double quotes", 'ESCAPED="say \\"hi\\""\n', { ESCAPED: 'say \\"hi\\"' }],
  ["CR-only line ends", "A=1\rB=2\rC=3", { A: "1", B: "2", C: "3" }],
  ["CRLF line ends", "A=1\r\nB=2\r\n", { A: "1", B: "2" }],
  [
    "a multi-line double-quoted value",
    'KEY="-----BEGIN-----\nabc\n-----END-----"\n',
    { KEY: "-----BEGIN-----\nabc\n-----END-----" },
  ],
  [
    "inline comments",
    "A=value # comment\nB='#not a comment'\n",
    { A: "value", B: "#not a comment" },
  ],
];

describe("parseDotenv", () => {
  it.each(cases)("reads %s as dotenv does", (_label, text, expected) => {
    expect({ ...parseDotenv(text) }).toEqual(expected);
    expect({ ...parseDotenv(text) }).toEqual(dotenv.parse(text));
  });

  it("differs from util.parseEnv where the issue says it does (so the cases above can fail)", () => {
    const differing = cases.filter(
      ([, text]) => JSON.stringify({ ...parseEnv(text) }) !== JSON.stringify(dotenv.parse(text)),
    );
    expect(differing.map(([label]) => label)).toEqual(
      expect.arrayContaining([
        "a UTF-8 byte order mark",
        "export followed by blanks",
        "export followed by a tab",
        "CR-only line ends",
      ]),
    );
  });

  it("keeps prototype-named keys as plain keys", () => {
    const parsed = parseDotenv("constructor=1\ntoString=2\n");
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect({ ...parsed }).toEqual({ constructor: "1", toString: "2" });
  });

  it("lets a key pair in a BOM file be chosen, not fall to the default chain", () => {
    const envFile = parseDotenv(
      `\uFEFFAWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    );
    expect(decideCredentials({ provider: "bedrock", env: {}, envFile }).auth).toMatchObject({
      kind: "aws-static",
      source: "env-file",
    });
  });
});
