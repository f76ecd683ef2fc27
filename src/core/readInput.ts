import { CredentialConfigError } from "./CredentialConfigError.js";
import { echoInput } from "./echoInput.js";
import type { EnvRecord } from "./EnvRecord.js";
import { isArrayGuarded, typeName } from "./safeRead.js";

/** What {@link readOwnEntries} could read of an object. @internal */
export interface OwnEntries {
  entries: [string, unknown][];
  /** Keys whose value threw when read (a getter or Proxy trap). */
  unreadable: string[];
  /** Listing the keys threw: nothing could be read. */
  unlisted: boolean;
}

/**
 * The own enumerable string-keyed entries of `value`, then each of `known` it holds only through
 * its prototype (a class's getter), each read once and defensively: a throwing getter, Proxy trap
 * or revoked Proxy is recorded, never raised. @internal
 */
export function readOwnEntries(value: object, known: readonly string[] = []): OwnEntries {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return { entries: [], unreadable: [], unlisted: true };
  }
  const entries: [string, unknown][] = [];
  const unreadable: string[] = [];
  const own = new Set(keys);
  for (const key of [...keys, ...known.filter((k) => !own.has(k))]) {
    try {
      const read = (value as Record<string, unknown>)[key];
      if (own.has(key) || read !== undefined) entries.push([key, read]);
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
  if (typeof value !== "object" || value === null || isArrayGuarded(value) === true) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${what} must be an object (got ${typeName(value)}).`,
      { hint },
    );
  }
  // A revoked Proxy fails `isArrayGuarded` and then lists no keys: `unlisted` below.
  const read = readOwnEntries(value);
  if (read.unlisted || read.unreadable.length > 0) {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      read.unlisted
        ? `${what} could not be read (a Proxy trap threw or the Proxy is revoked).`
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

/**
 * One variable of a live environment record, read through the guard: a throwing getter or Proxy
 * trap (or a revoked Proxy) is `INVALID_INPUT` naming `what` and the variable, never what it
 * threw; a value that is no string counts as unset. @internal
 */
export function readVariable(env: EnvRecord, name: string, what: string): string | undefined {
  let value: unknown;
  try {
    value = env[name];
  } catch {
    throw new CredentialConfigError(
      "INVALID_INPUT",
      `${what}: ${keyName(name)} could not be read (a getter or Proxy trap threw).`,
      {
        hint: `Pass ${what} as an object of environment variables with string values (e.g. process.env).`,
      },
    );
  }
  return typeof value === "string" ? value : undefined;
}

/** `readEnv` for an optional record: `undefined` stays `undefined`. @internal */
export function readOptionalEnv(value: unknown, what: string): EnvRecord | undefined {
  return value === undefined ? undefined : readEnv(value, what);
}
