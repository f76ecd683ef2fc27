// The message AWS answers a request whose parameters fail their constraints with, built from the
// emulator's zod schema issues.
import type { z } from "zod";

/**
 * `N validation error(s) detected: Value at '<path>' failed to satisfy constraint: <issue>; …`
 *
 * @example
 * if (!parsed.success) return fail(400, "ValidationException", validationMessage(parsed.error));
 */
export function validationMessage(error: z.ZodError): string {
  const issues = error.issues.map(
    (i) => `Value at '${i.path.join(".")}' failed to satisfy constraint: ${i.message}`,
  );
  return `${issues.length} validation error(s) detected: ${issues.join("; ")}`;
}
