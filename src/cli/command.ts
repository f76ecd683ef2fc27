import type { CliIo } from "./io.js";

/** One `credchain` command (`explain`, `policy`, `secrets push`, …). */
export interface CliCommand {
  /** Words after `credchain`, e.g. `secrets push`. */
  readonly name: string;
  /** One line for `credchain --help`. */
  readonly summary: string;
  /** The full `credchain <command> --help` text, with examples. */
  readonly help: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}
