import type * as ZodModule from "zod";
import { CredentialConfigError } from "./CredentialConfigError.js";
import { editDistance } from "./partitions.js";
import { readOwnEntries } from "./readInput.js";

type ZodType = ZodModule.ZodType;

/** Whether `value` is a non-null object (options, clients, loggers). @internal */
export const isObject = (value: unknown): value is object =>
  typeof value === "object" && value !== null;

/** Names safe to echo: identifiers that cannot be a pasted credential. */
function printableKey(key: string): boolean {
  return /^[A-Za-z_$][\w$]{0,47}$/.test(key) && !/^(AKIA|ASIA|ABSK|sk)/.test(key);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The keys a zod object schema at `path` accepts, for "did you mean" suggestions. */
function knownKeys(schema: ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    // Unwrap optional/nullable/default/pipe wrappers down to an object shape.
    for (let i = 0; i < 8 && isObject(current) && !("shape" in current); i++) {
      const def = (current as { def?: { innerType?: unknown; in?: unknown } }).def;
      current = def?.innerType ?? def?.in;
    }
    const shape = isObject(current)
      ? (current as { shape?: Record<string, unknown> }).shape
      : undefined;
    if (shape === undefined) return [];
    if (segment === undefined) return Object.keys(shape);
    current = shape[String(segment)];
  }
  return [];
}

function suggestion(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3))
    ? ` (did you mean \`${best}\`?)`
    : "";
}

/**
 * A shallow, plain copy of `options` read defensively: a throwing getter or Proxy trap becomes a
 * named problem instead of escaping as a `TypeError`.
 */
function snapshot(options: object, problems: string[]): Record<string, unknown> {
  const read = readOwnEntries(options);
  if (read.unlisted) problems.push("the options object could not be read");
  for (const key of read.unreadable) {
    problems.push(`option ${printableKey(key) ? `\`${key}\`` : "(a key)"} could not be read`);
  }
  // defineProperty: an own `__proto__` key stays a key (zod then names it as unknown).
  const copy: Record<string, unknown> = {};
  for (const [key, value] of read.entries) {
    Object.defineProperty(copy, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * The one way credchain checks an options object. `undefined` means "no options" unless
 * `required`; `null`, arrays and primitives are refused; unknown keys are named with the nearest
 * valid one ("allowDirects: did you mean allowDirect?"); every problem is reported in one
 * `CredentialConfigError` (`INVALID_OPTION`), naming options, never their values. The schema
 * should be a zod `strictObject` (nested objects strict too).
 *
 * @returns the parsed options (zod's output).
 * @internal
 */
export function checkOptions<S extends ZodType>(
  fn: string,
  options: unknown,
  schema: () => S,
  config: { required?: boolean; hint?: string } = {},
): ZodModule.output<S> {
  const hint = config.hint ?? `Check the options passed to ${fn}() against its documentation.`;
  const fail = (problems: readonly string[]): never => {
    throw new CredentialConfigError("INVALID_OPTION", `${fn}: ${problems.join("; ")}.`, { hint });
  };
  if (options === undefined && config.required !== true) options = {};
  if (!isObject(options) || Array.isArray(options)) {
    return fail([`options must be an object (got ${describe(options)})`]);
  }
  const problems: string[] = [];
  const plain = snapshot(options, problems);
  if (problems.length > 0) return fail(problems);
  const s = schema();
  let result: ReturnType<S["safeParse"]>;
  try {
    result = s.safeParse(plain) as ReturnType<S["safeParse"]>;
  } catch {
    return fail(["an option could not be read (a getter or Proxy threw)"]);
  }
  if (result.success) return result.data as ZodModule.output<S>;
  for (const issue of result.error.issues) {
    const where = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(s, issue.path);
      const hidden = issue.keys.filter((k) => !printableKey(k)).length;
      for (const key of issue.keys.filter(printableKey)) {
        problems.push(
          `unknown option \`${where === "" ? key : `${where}.${key}`}\`${suggestion(key, known)}`,
        );
      }
      if (hidden > 0) problems.push(`${hidden} unknown option(s) whose names are not shown`);
      continue;
    }
    problems.push(where === "" ? issue.message : `option \`${where}\` ${issue.message}`);
  }
  return fail(problems);
}
