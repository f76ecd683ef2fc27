import { REDACTED } from "./mask.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Holds a secret so that `String()`, template literals, `JSON.stringify` and `util.inspect` show
 * `[redacted]`. Only {@link Redacted.reveal} returns the value.
 *
 * @example
 * ```ts
 * const secret = new Redacted("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
 * `${secret}`;      // "[redacted]"
 * secret.reveal();  // the value, for the SDK only
 * ```
 */
export class Redacted<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The secret value. Hand it to an SDK; never log it. */
  reveal(): T {
    return this.#value;
  }

  /** Always `[redacted]`, so template literals and string concatenation hide the value. */
  toString(): string {
    return REDACTED;
  }

  /** Always `"[redacted]"`, so `JSON.stringify` hides the value. */
  toJSON(): string {
    return REDACTED;
  }

  /** Always `[redacted]`, so `util.inspect` and `console.log` hide the value. */
  [INSPECT](): string {
    return REDACTED;
  }
}
