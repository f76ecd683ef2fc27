// Reading what a caller passed without letting a getter, a Proxy trap or an odd type throw a
// TypeError out of credchain. Imports nothing, so the error classes can use it too.

/** `object[key]`, or `undefined` when `object` is not an object or reading it throws. @internal */
export function readField(object: unknown, key: string): unknown {
  if ((typeof object !== "object" && typeof object !== "function") || object === null) {
    return undefined;
  }
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `Array.isArray(value)`, or `undefined` where that throws (a revoked Proxy). @internal */
export function isArrayGuarded(value: unknown): boolean | undefined {
  try {
    return Array.isArray(value);
  } catch {
    return undefined;
  }
}

/** How a value is described in a message instead of being shown: `null`, `a number`, `an array`. @internal */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  const array = isArrayGuarded(value);
  if (array !== false) return array === true ? "an array" : "an object";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

/** `value` when it is a string, else its {@link typeName} in parentheses. Never throws. @internal */
export function textOf(value: unknown): string {
  return typeof value === "string" ? value : `(${typeName(value)})`;
}

/** `value instanceof type`, false where a Proxy's getPrototypeOf trap would throw. @internal */
export function isInstance<T>(
  value: unknown,
  type: abstract new (...args: never[]) => T,
): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}
