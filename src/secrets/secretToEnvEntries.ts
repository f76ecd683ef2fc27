import { echoInput } from "../core/echoInput.js";
import { SecretError } from "../core/SecretError.js";
import { isProtectedEnvName, PROTECTED_ENV_NAMES } from "./protectedEnvNames.js";
import { ENV_NAME_PATTERN } from "../core/envNames.js";

/** How JSON keys become variable names. */
export type EnvKeyMapping = "as-is" | "upper-snake";

/** Rules for {@link secretToEnvEntries}. */
export interface EnvEntryRules {
  /** Protected names (see `PROTECTED_ENV_NAMES`) the caller opts in. */
  allow?: readonly string[] | undefined;
  /** `upper-snake` maps `api-key`, `db.password`, `Client Secret` to `API_KEY`, `DB_PASSWORD`, `CLIENT_SECRET`. */
  mapKeys?: EnvKeyMapping | undefined;
}

/** A key quoted in an error: as `echoInput` shows it, JSON-quoted. Keys are names, never values. */
function quoteKey(key: string): string {
  return JSON.stringify(echoInput(key, 48));
}

/** The `upper-snake` rule: runs of non-alphanumerics become `_`, letters upper-cased. */
export function upperSnake(key: string): string {
  return key
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

const scalar = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";

/**
 * Converts a JSON secret into env entries, refusing the whole secret (nothing is set) when any key
 * cannot be used: invalid names (unless mapped), `Object.prototype` names, protected names not in
 * `allow`, non-scalar values, values with a NUL byte. Errors name keys, never values.
 */
export function secretToEnvEntries(
  secretName: string,
  value: unknown,
  rules: EnvEntryRules = {},
): Array<[string, string]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SecretError(
      "SECRET_MALFORMED",
      `Secret ${secretName} is not a JSON object of variables.`,
      {
        hint: 'Store the secret as a JSON object such as {"DATABASE_URL": "…", "PORT": 8080}.',
        secretName,
      },
    );
  }
  const allowed = new Set((rules.allow ?? []).map((n) => n.toUpperCase()));
  const entries: Array<[string, string]> = [];
  const badNames: string[] = [];
  const prototypeNames: string[] = [];
  const nonScalar: string[] = [];
  const nul: string[] = [];
  const protectedNames: string[] = [];
  const seen = new Map<string, string>();
  const collisions: string[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const name = rules.mapKeys === "upper-snake" ? upperSnake(key) : key;
    if (!ENV_NAME_PATTERN.test(name)) {
      badNames.push(quoteKey(key));
      continue;
    }
    if (name === "__proto__" || Object.hasOwn(Object.prototype, name)) {
      prototypeNames.push(quoteKey(key));
      continue;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined)
      collisions.push(`${quoteKey(earlier)} and ${quoteKey(key)} → ${name}`);
    seen.set(name, key);
    if (isProtectedEnvName(name) && !allowed.has(name.toUpperCase())) protectedNames.push(name);
    if (!scalar(raw)) nonScalar.push(quoteKey(key));
    else if (String(raw).includes("\0")) nul.push(quoteKey(key));
    else entries.push([name, String(raw)]);
  }
  if (protectedNames.length > 0) {
    throw new SecretError(
      "SECRET_PROTECTED_VARIABLE",
      `Secret ${secretName} would set protected variable(s) ${protectedNames.join(", ")}; nothing was set.`,
      {
        hint: `These change what runs, whom the process trusts or where requests go (the ${PROTECTED_ENV_NAMES.length} patterns of PROTECTED_ENV_NAMES). Remove them from the secret, or pass allow: [${protectedNames.map((n) => JSON.stringify(n)).join(", ")}] if the secret is trusted to set them.`,
        secretName,
      },
    );
  }
  const problems: string[] = [];
  if (badNames.length > 0) problems.push(`invalid variable name(s) ${badNames.join(", ")}`);
  if (prototypeNames.length > 0)
    problems.push(`Object.prototype name(s) ${prototypeNames.join(", ")}`);
  if (collisions.length > 0) problems.push(`keys mapping to one name: ${collisions.join("; ")}`);
  if (nonScalar.length > 0) problems.push(`non-scalar value(s) under ${nonScalar.join(", ")}`);
  if (nul.length > 0) problems.push(`a NUL byte in the value(s) under ${nul.join(", ")}`);
  if (problems.length > 0) {
    throw new SecretError(
      "SECRET_MALFORMED",
      `Secret ${secretName} cannot be loaded into the environment: ${problems.join("; ")}.`,
      {
        hint:
          badNames.length > 0 && rules.mapKeys !== "upper-snake"
            ? 'Use keys matching [A-Za-z_][A-Za-z0-9_]* with string, number or boolean values, or pass mapKeys: "upper-snake" (api-key → API_KEY); nothing was set.'
            : "Use keys matching [A-Za-z_][A-Za-z0-9_]* with string, number or boolean values; nothing was set.",
        secretName,
      },
    );
  }
  return entries;
}
