import { editDistance } from "../core/partitions.js";

/**
 * Variables a secret may not set unless the caller opts the name in (`allow`): each one changes
 * what code runs (in this process or in a process it spawns, which inherits the environment), whom
 * the process trusts, or where its requests and credentials go. "What code runs" covers every
 * variable that names a program, command line, library or script to run or source, and every
 * variable that rewrites such a program's options or configuration. A secret that names any of
 * them is refused whole: nothing of it is set. Compared case-insensitively.
 *
 * - loaders: `NODE_OPTIONS`, `NODE_PATH`, `NODE_REPL_EXTERNAL_MODULE`, `PATH`, `LD_*`
 *   (`LD_PRELOAD`, `LD_LIBRARY_PATH`, `LD_AUDIT`), `DYLD_*`, glibc's `GCONV_PATH`,
 * - shells: `BASH_ENV` and `ENV` (a file every non-interactive bash / POSIX `sh` sources first),
 *   `SHELLOPTS` and `BASHOPTS` (options bash takes from the environment: `xtrace` with `PS4`
 *   runs the command substitutions in `PS4`), the prompts `PS0`–`PS4` and `PROMPT_COMMAND`,
 *   `SHELL` (the shell other tools start),
 * - programs tools run: git's `GIT_*` (`GIT_SSH_COMMAND`, `GIT_ASKPASS`, `GIT_EXEC_PATH`,
 *   `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`, which set any config such as
 *   `core.sshCommand`), `SSH_ASKPASS`, `SSH_ASKPASS_REQUIRE`, `SUDO_ASKPASS`, `EDITOR`, `VISUAL`,
 *   `PAGER`, `MANPAGER`, `LESSOPEN`, `LESSCLOSE`, `BROWSER`, npm's `NPM_CONFIG_*`
 *   (`npm_config_script_shell`, `npm_config_node_options`…), and `XDG_CONFIG_HOME` (where git
 *   and others read their configuration, as `HOME`),
 * - agents: `SSH_AUTH_SOCK` (which agent signs for ssh and git),
 * - TLS: `NODE_TLS_REJECT_UNAUTHORIZED`, `NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, `SSL_CERT_DIR`,
 *   `AWS_CA_BUNDLE`, `OPENSSL_CONF`, `OPENSSL_MODULES`, `OPENSSL_ENGINES` (OpenSSL loads providers
 *   and engines, that is code, from these), `SSLKEYLOGFILE` (TLS session keys written to a file),
 * - proxies: `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, `NODE_USE_ENV_PROXY`,
 * - endpoints: `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_*`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`,
 *   `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`,
 * - credential endpoints and files: `AWS_CONTAINER_*`, `AWS_EC2_METADATA_*`,
 *   `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_CONFIG_FILE`,
 *   `AWS_SHARED_CREDENTIALS_FILE`, `AWS_PROFILE`, `AWS_SDK_LOAD_CONFIG`, `HOME`, `USERPROFILE`.
 *
 * Not listed, on purpose: tuning that runs no code and moves no trust (`UV_THREADPOOL_SIZE`,
 * `NODE_ENV`, `TZ`), and other interpreters' loaders (`PYTHONPATH`, `PERL5OPT`, `RUBYOPT`…): a
 * service that spawns them should load its secret with those names in mind (see docs/security.md).
 * Exported bash functions (`BASH_FUNC_name%%`) need no entry: no valid variable name holds `%`.
 */
export const PROTECTED_ENV_NAMES: readonly string[] = [
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_REPL_EXTERNAL_MODULE",
  "PATH",
  "LD_*",
  "DYLD_*",
  "GCONV_PATH",
  "BASH_ENV",
  "ENV",
  "SHELLOPTS",
  "BASHOPTS",
  "PS0",
  "PS1",
  "PS2",
  "PS3",
  "PS4",
  "PROMPT_COMMAND",
  "SHELL",
  "GIT_*",
  "SSH_ASKPASS",
  "SSH_ASKPASS_REQUIRE",
  "SUDO_ASKPASS",
  "EDITOR",
  "VISUAL",
  "PAGER",
  "MANPAGER",
  "LESSOPEN",
  "LESSCLOSE",
  "BROWSER",
  "NPM_CONFIG_*",
  "XDG_CONFIG_HOME",
  "SSH_AUTH_SOCK",
  "NODE_TLS_REJECT_UNAUTHORIZED",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "AWS_CA_BUNDLE",
  "OPENSSL_CONF",
  "OPENSSL_MODULES",
  "OPENSSL_ENGINES",
  "SSLKEYLOGFILE",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "NODE_USE_ENV_PROXY",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_*",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_USE_FIPS_ENDPOINT",
  "AWS_USE_DUALSTACK_ENDPOINT",
  "AWS_CONTAINER_*",
  "AWS_EC2_METADATA_*",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_PROFILE",
  "AWS_SDK_LOAD_CONFIG",
  "HOME",
  "USERPROFILE",
];

const EXACT = new Set(PROTECTED_ENV_NAMES.filter((n) => !n.endsWith("*")));
const PREFIXES = PROTECTED_ENV_NAMES.filter((n) => n.endsWith("*")).map((n) => n.slice(0, -1));

/** Whether `name` is protected (compared case-insensitively: `https_proxy` counts too). */
export function isProtectedEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return EXACT.has(upper) || PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** The protected name (or pattern) nearest to `name`, when it is close enough to be a misspelling. */
export function nearestProtectedName(name: string): string | undefined {
  const upper = name.toUpperCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of PROTECTED_ENV_NAMES) {
    const d = editDistance(upper, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(upper.length / 4)) ? best : undefined;
}
