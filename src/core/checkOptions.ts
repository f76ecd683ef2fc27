import type * as ZodModule from "zod";
import { CredentialConfigError } from "./CredentialConfigError.js";
import { looksLikeCredential } from "./keyShapes.js";
import { editDistance } from "./partitions.js";
import { readOwnEntries } from "./readInput.js";
import { isArrayGuarded, typeName } from "./safeRead.js";

type ZodType = ZodModule.ZodType;

/** Whether `value` is a non-null object (options, clients, loggers). @internal */
export const isObject = (value: unknown): value is object =>
  typeof value === "object" && value !== null;

/**
 * Names safe to echo: identifiers that do not look like a pasted credential (an access key ID, a
 * secret access key, a Bedrock or LLM API key, by the core's key shapes). `skipEnvs` is shown.
 */
function printableKey(key: string): boolean {
  return /^[A-Za-z_$][\w$]{0,47}$/.test(key) && !looksLikeCredential(key);
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
  if (best === undefined || bestDistance > Math.max(2, Math.floor(key.length / 3))) {
    // A shortened name (`expiresIn` for `expiresInSeconds`): the one valid name it begins.
    const lower = key.toLowerCase();
    const longer = known.filter((k) => lower.length >= 4 && k.toLowerCase().startsWith(lower));
    best = longer.length === 1 ? longer[0] : undefined;
  }
  return best === undefined ? "" : ` (did you mean \`${best}\`?)`;
}

/**
 * A shallow, plain copy of `options`: its own keys and the `known` options it inherits (a class's
 * getters), each read exactly once. A throwing getter, Proxy trap or revoked Proxy becomes a named
 * problem (never its message) instead of escaping; a getter that answers differently on each read
 * cannot, as credchain reads only the copy.
 */
function snapshot(
  options: object,
  known: readonly string[],
  problems: string[],
): Record<string, unknown> {
  const read = readOwnEntries(options, known);
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

/** What {@link findOptionProblems} found: the parsed options, or every problem. @internal */
export type OptionCheck<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** One phrase per problem, naming options (with the nearest valid name), never values. */
      problems: string[];
      /** The option paths at fault (printable ones only), e.g. `adminKeys`, `env.AWS_REGION`. */
      paths: string[];
    };

/**
 * The checks of {@link checkOptions} without the throw, for entry points that word their error
 * themselves (`decideCredentials` keeps its `INVALID_INPUT` code). @internal
 */
export function findOptionProblems<S extends ZodType>(
  options: unknown,
  schema: () => S,
  required = false,
): OptionCheck<ZodModule.output<S>> {
  const failed = (problems: string[], paths: string[] = []) =>
    ({ ok: false, problems, paths }) as const;
  if (options === undefined && !required) options = {};
  const array = isObject(options) ? isArrayGuarded(options) : false;
  if (array === undefined)
    return failed(["the options object could not be read (a revoked Proxy)"]);
  if (array || !isObject(options)) {
    return failed([`options must be an object (got ${typeName(options)})`]);
  }
  const s = schema();
  const problems: string[] = [];
  const plain = snapshot(options, knownKeys(s, []), problems);
  if (problems.length > 0) return failed(problems);
  let result: ReturnType<S["safeParse"]>;
  try {
    result = s.safeParse(plain) as ReturnType<S["safeParse"]>;
  } catch {
    return failed(["an option could not be read (a getter or Proxy threw)"]);
  }
  if (result.success) return { ok: true, data: result.data as ZodModule.output<S> };
  const paths: string[] = [];
  for (const issue of result.error.issues) {
    const where = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(s, issue.path);
      const hidden = issue.keys.filter((k) => !printableKey(k)).length;
      for (const key of issue.keys.filter(printableKey)) {
        const path = where === "" ? key : `${where}.${key}`;
        paths.push(path);
        problems.push(`unknown option \`${path}\`${suggestion(key, known)}`);
      }
      if (hidden > 0) problems.push(`${hidden} unknown option(s) whose names are not shown`);
      continue;
    }
    const printable = issue.path.every((p) => typeof p !== "string" || printableKey(p));
    if (where !== "" && printable) paths.push(where);
    problems.push(
      where === ""
        ? issue.message
        : `option ${printable ? `\`${where}\`` : "(a key)"} ${issue.message}`,
    );
  }
  return failed(problems, [...new Set(paths)]);
}

/**
 * The one way credchain checks an options object. `undefined` means "no options" unless
 * `required`; `null`, arrays and primitives are refused; unknown keys are named with the nearest
 * valid one ("allowDirects: did you mean allowDirect?"); every problem is reported in one
 * `CredentialConfigError` (`INVALID_OPTION`), naming options, never their values. The schema
 * should be a zod `strictObject` (nested objects strict too).
 *
 * Each option is read once, through a guard: a getter, a Proxy trap or a revoked Proxy that
 * throws is `INVALID_OPTION` naming the option, never the thrown message. Callers read the
 * returned copy, never `options` again, so nothing the caller controls runs twice.
 *
 * @returns the parsed options (zod's output), a plain copy.
 * @internal
 */
export function checkOptions<S extends ZodType>(
  fn: string,
  options: unknown,
  schema: () => S,
  config: { required?: boolean; hint?: string } = {},
): ZodModule.output<S> {
  const hint = config.hint ?? `Check the options passed to ${fn}() against its documentation.`;
  const checked = findOptionProblems(options, schema, config.required === true);
  if (checked.ok) return checked.data;
  throw new CredentialConfigError("INVALID_OPTION", `${fn}: ${checked.problems.join("; ")}.`, {
    hint,
  });
}

/**
 * {@link checkOptions} for an entry point that reads its options after the check: the checked
 * plain copy, typed as the options interface `T` the schema describes (its `z.custom` fields are
 * typed loosely). Read the copy, never `options` again. @internal
 */
export function readOptions<T extends object, S extends ZodType>(
  fn: string,
  options: T | undefined,
  schema: () => S,
  config: { required?: boolean; hint?: string } = {},
): T {
  return checkOptions(fn, options, schema, config) as T;
}
