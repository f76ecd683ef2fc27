// Plain-text output for the demo: aligned tables, masked values, colour only on a terminal.
import { stripVTControlCharacters, styleText } from "node:util";
import { mask } from "credchain";
import type { CredentialDecision, TraceEntry } from "credchain";

const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
type Style = Parameters<typeof styleText>[0];
const paint = (style: Style, text: string): string => (colour ? styleText(style, text) : text);

export const bold = (text: string): string => paint("bold", text);
export const dim = (text: string): string => paint("dim", text);
export const good = (text: string): string => paint("green", text);
export const bad = (text: string): string => paint("red", text);

/** Left-aligned columns, two spaces apart, indented. */
export function table(rows: readonly (readonly string[])[], indent = "  "): string {
  // Only the last column may hold colour codes, so padding by .length stays aligned.
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows
    .map((row) => (indent + row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")).trimEnd())
    .join("\n");
}

export function heading(text: string): string {
  return `\n${bold(text)}\n${dim("─".repeat(Math.min(78, stripVTControlCharacters(text).length)))}`;
}

const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
/** Env values that are not secret and help to read the scenario. */
const PLAIN = new Set([
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "BEDROCK_MODEL_ID",
  "USE_SECRETS_MANAGER",
  "AWS_BEDROCK_SECRET_NAME",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
]);

/** Shows the shape of an admin key without any secret part. */
export function showAdminKey(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === "") return "(blank)";
  if (raw.startsWith("bedrock-api-key-") || raw.startsWith("ABSK")) {
    return `Bedrock API key ${mask(raw, "api-key")}`;
  }
  return raw
    .split(":")
    .map((part) => (KEY_ID.test(part) ? mask(part, "access-key-id") : "[secret]"))
    .join(":");
}

/**
 * `NAME=value` for plain variables, `NAME=AKIA…MPLE` for key IDs, `NAME=[secret]` otherwise, as
 * lines of at most `width` characters.
 */
export function showEnv(env: Readonly<Record<string, string | undefined>>, width = 88): string[] {
  const shown = Object.entries(env).map(([name, value = ""]) => {
    if (PLAIN.has(name)) return `${name}=${value}`;
    if (KEY_ID.test(value)) return `${name}=${mask(value, "access-key-id")}`;
    if (name.startsWith("SECRET_")) return `${name}=<json>`;
    return `${name}=[secret]`;
  });
  if (shown.length === 0) return ["(nothing credential-related)"];
  const lines = [shown[0]!];
  for (const item of shown.slice(1)) {
    if (lines.at(-1)!.length + 2 + item.length > width) lines.push(item);
    else lines[lines.length - 1] += `  ${item}`;
  }
  return lines;
}

/** The decision table: auth kind/source/detail, masked key, region and model with their sources. */
export function decisionTable(decision: CredentialDecision): string {
  const { auth } = decision;
  const key =
    auth.accessKeyId ?? auth.resolved?.accessKeyId ?? auth.apiKey ?? dim("(resolved by the SDK)");
  const rows: string[][] = [
    ["auth", auth.kind, `source ${auth.source}`, `detail ${auth.detail ?? "—"}`],
    [
      "key",
      key,
      auth.kind === "bearer-token"
        ? "bearer"
        : `session token ${
            (auth.hasSessionToken ?? auth.resolved?.accessKeyId.startsWith("ASIA")) ? "yes" : "no"
          }`,
      auth.resolved?.expiration ? `expires ${auth.resolved.expiration}` : "",
    ],
    ["region", decision.region?.value ?? "—", `from ${decision.region?.source ?? "—"}`],
    ["model", decision.modelId?.value ?? "—", `from ${decision.modelId?.source ?? "—"}`],
  ];
  return table(rows);
}

export function traceTable(trace: readonly TraceEntry[]): string {
  return table(trace.map((t) => [t.source, t.outcome, dim(t.reason)]));
}
