/** An environment snapshot: `process.env`, a parsed `.env` file, or a test's own record. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** Which snapshot a value came from: the process environment or the env file. */
export type EnvOrigin = "env" | "env-file";
