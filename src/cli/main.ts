// The `credchain` binary. tsup adds the shebang (tsup.config.ts banner).
import { nodeIo } from "./io.js";
import { runCli } from "./runCli.js";

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
