/**
 * Why a generation store could not answer: `malformed` (what is on disk is not a chain this code
 * wrote: a file where the directory should be, a bad pointer, a missing state) or `busy` (other
 * writers kept committing, or kept pruning what this reader was walking, past the retry budget).
 * I/O errors are thrown as they are. The message names the directory, never a file's content.
 * @internal
 */
export class GenerationStoreError extends Error {
  /** `malformed` or `busy`. */
  readonly reason: "malformed" | "busy";

  constructor(reason: "malformed" | "busy", message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GenerationStoreError";
    this.reason = reason;
  }
}
