/**
 * Variables a secret may not set unless the caller opts the name in (`allow`): each one changes
 * what code runs, whom the process trusts, or where its requests and credentials go. A secret that
 * names any of them is refused whole: nothing of it is set.
 *
 * - loaders: `NODE_OPTIONS`, `NODE_PATH`, `LD_*`, `DYLD_*`, `PATH`,
 * - TLS: `NODE_TLS_REJECT_UNAUTHORIZED`, `NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, `SSL_CERT_DIR`,
 *   `AWS_CA_BUNDLE`,
 * - proxies: `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, `NODE_USE_ENV_PROXY` (any case),
 * - endpoints: `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_*`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`,
 *   `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`,
 * - credential endpoints and files: `AWS_CONTAINER_*`, `AWS_EC2_METADATA_*`,
 *   `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_CONFIG_FILE`,
 *   `AWS_SHARED_CREDENTIALS_FILE`, `AWS_PROFILE`, `AWS_SDK_LOAD_CONFIG`, `HOME`, `USERPROFILE`.
 */
export const PROTECTED_ENV_NAMES: readonly string[] = [
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_REPL_EXTERNAL_MODULE",
  "PATH",
  "LD_*",
  "DYLD_*",
  "NODE_TLS_REJECT_UNAUTHORIZED",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "AWS_CA_BUNDLE",
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
