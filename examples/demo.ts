// `npm run demo`: tsx reads the tsconfig of the working directory, and the walkthrough imports
// "credchain" exactly as a user would — examples/tsconfig.json maps that to ../src. Load the
// walkthrough under that tsconfig, whichever directory the command runs from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const tsconfig = fileURLToPath(new URL("./tsconfig.json", import.meta.url));
await register({ namespace: "credchain-examples", tsconfig }).import(
  "./demo/walkthrough.ts",
  import.meta.url,
);
