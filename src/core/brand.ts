/** Marks an object with a registry symbol, for checks that work across realms and module copies. @internal */
export function brand(target: object, symbol: symbol): void {
  Object.defineProperty(target, symbol, { value: true });
}

/** Whether `value` carries the registry symbol set by {@link brand}. @internal */
export function hasBrand(value: unknown, symbol: symbol): boolean {
  if (typeof value !== "object" || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[symbol] === true;
  } catch {
    // A Proxy whose get trap throws is no credchain object.
    return false;
  }
}
