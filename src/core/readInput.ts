import { CredentialConfigError } from "./CredentialConfigError.js";
import { echoInput } from "./echoInput.js";
import type { EnvRecord } from "./EnvRecord.js";
import { typeName } from "./safeRead.js";

/** What {@link readOwnEntries} could read of an object. @internal */
export interface OwnEntries {
  entries: [string, unknown][];
  /** Keys whose value threw when read (a getter or Proxy trap). */
  unreadable: string[];
  /** Listing the keys threw: nothing could be read. */
  unlisted: boolean;
}

/**
 * The own enumerable string-keyed entries of `value`, each read once and defensively: a throwing
 * getter or Proxy trap is recorded, never raised. @internal
 */
export function readOwnEntries(value: object): OwnEntries {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return { entries: [], unreadable: [], unlisted: true };
  }
  const entries: [string, unknown][] = [];
  const unreadable: string[] = [];
  for (const key of keys) {
    try {
      entries.push([key, (value as Record<string, unknown>)[key]]);
    } catch {
      unreadable.push(key);
    }
  }
  return { entries, unreadable, unlisted: false };
}

/** A plain object of `entries`; `__proto__` stays an own key and never touches a prototype. */
function plainObject(entries: readonly [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A key named in a message: shown as `echoInput` allows. */
const keyName = (key: string): string => echoInput(key, 48);

/**
 * A plain, shallow copy of the object argument `what` (e.g. `decideCredentials input`), read once:
 * not an object, an array, a throwing getter or Proxy trap → `INVALID_INPUT` naming `what`. The
 * copy is what credchain then reads, so nothing the caller controls runs again. @internal
 */
export function readObject(value: unknown, what: string, hint: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${what} must be an object (got ${typeName(value)}).`,
      { hint },
    );
  }
  const read = readOwnEntries(value);
  if (read.unlisted || read.unreadable.length > 0) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      read.unlisted
        ? `${what} could not be read (a Proxy trap threw).`
        : `${what} could not be read: ${read.unreadable.map(keyName).join(", ")} threw when read (a getter or Proxy trap).`,
      { hint },
    );
  }
  return plainObject(read.entries);
}

/**
 * A plain copy of an environment snapshot (`process.env`, a `.env` file, a test's record): every
 * value a string or `undefined`. A record that is no object, throws when read or holds another
 * type is `INVALID_INPUT` naming `what` and the variable, never a value. @internal
 */
export function readEnv(value: unknown, what: string): EnvRecord {
  const hint = `Pass ${what} as an object of environment variables with string values (e.g. process.env).`;
  const copy = readObject(value, what, hint);
  const wrong = Object.keys(copy).filter(
    (k) => copy[k] !== undefined && typeof copy[k] !== "string",
  );
  if (wrong.length > 0) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${what}: ${wrong.map(keyName).join(", ")} must be a string (values are not shown).`,
      { hint },
    );
  }
  return copy as EnvRecord;
}

/** `readEnv` for an optional record: `undefined` stays `undefined`. @internal */
export function readOptionalEnv(value: unknown, what: string): EnvRecord | undefined {
  return value === undefined ? undefined : readEnv(value, what);
}
