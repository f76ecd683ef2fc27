import { PARTITION_IDS, partitionOf, type Partition } from "./partitions.js";

/** The prefix that sends a secret name to Parameter Store: `ssm:/prod/llm/openai`. */
export const PARAMETER_PREFIX = "ssm:";

const PARTITION = `(?:${PARTITION_IDS.map((p) => p.replace(/-/g, "\\-")).join("|")})`;
// Loose on purpose: anything shaped like a parameter ARN goes to Parameter Store, which judges it.
const LOOSE_PARAMETER_ARN = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//;
const PARAMETER_ARN = new RegExp(
  `^arn:(${PARTITION}):ssm:([a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}):(\\d{12}):parameter(/[^:]*)(?::([^:]*))?$`,
);

// Parameter Store's name rules (AWS's PutParameter "Naming constraints"): letters, digits and
// `_.-` between `/`s; a name with a `/` starts with one; at most 15 levels and 1011 characters
// (the most a name you create can have; ARNs count toward it too, which Parameter Store judges);
// no `aws` or `ssm` prefix, any case, except AWS's own public parameters under `/aws/`, which
// are read (`/aws/service/…`, `/aws/reference/secretsmanager/…`). A version or label selector
// takes the same characters without `/`, up to 100.
const NAME_CHARACTER = "[A-Za-z0-9_.-]";
const SEGMENT = new RegExp(`^${NAME_CHARACTER}+$`);
const SELECTOR_SYNTAX = new RegExp(`^:${NAME_CHARACTER}{1,100}$`);
/** The most levels (`/`-separated parts) a parameter name has. */
export const PARAMETER_MAX_LEVELS = 15;
/** The most characters a parameter name has (not counting `ssm:` or a selector). */
export const PARAMETER_MAX_LENGTH = 1011;
/** The hint every refusal of a malformed `ssm:` name carries. */
export const PARAMETER_NAME_HINT =
  "Parameter names are letters, digits and _.- between slashes, starting with one: ssm:/prod/app/openai (or ssm:name without a path), up to 15 levels; or pass the parameter's ARN.";
const RESERVED_PREFIX = /^\/?(?:aws|ssm)/i;
const AWS_PUBLIC_PATH = /^\/aws\//;

/** A secret name that addresses Parameter Store, taken apart. */
export interface ParameterName {
  /** The `Name` Parameter Store takes, without a selector: `/prod/db`, `db`, or the parameter ARN. */
  name: string;
  /** A version (`:3`) or label (`:blue`) selector the secret name carried, with its colon. */
  selector: string | undefined;
  /** The parameter's path as its ARN writes it, always with a leading `/` (`/prod/db`, `/db`). */
  path: string;
  /** The region, partition and account a parameter ARN names; `undefined` for `ssm:` names. */
  arn: { partition: Partition; region: string; account: string } | undefined;
}

/**
 * Whether a secret name addresses Parameter Store: `ssm:/path/to/param` (or `ssm:name`) or a
 * parameter ARN (`arn:aws:ssm:us-east-1:123456789012:parameter/path`). Every other name is a
 * Secrets Manager secret.
 */
export function isParameterName(name: string): boolean {
  return name.startsWith(PARAMETER_PREFIX) || LOOSE_PARAMETER_ARN.test(name);
}

/**
 * Takes a Parameter Store secret name apart (see {@link isParameterName}); `undefined` for a
 * Secrets Manager name. Parameter names hold no `:`, so the last `:` after the path starts a
 * selector: `ssm:/prod/db:3` is version 3, `ssm:/prod/db:blue` the version labelled `blue`.
 */
export function parameterName(secretName: string): ParameterName | undefined {
  if (!isParameterName(secretName)) return undefined;
  const rest = secretName.startsWith(PARAMETER_PREFIX)
    ? secretName.slice(PARAMETER_PREFIX.length)
    : secretName;
  const arn = PARAMETER_ARN.exec(rest);
  if (arn !== null) {
    const [, partition, region, account, path = "", selector] = arn;
    return {
      name: selector === undefined ? rest : rest.slice(0, -(selector.length + 1)),
      selector: selector === undefined ? undefined : `:${selector}`,
      path,
      arn: { partition: partition as Partition, region: region ?? "", account: account ?? "" },
    };
  }
  if (LOOSE_PARAMETER_ARN.test(rest)) {
    // Not a well-formed ARN: sent as given, for Parameter Store to refuse.
    return { name: rest, selector: undefined, path: rest, arn: undefined };
  }
  const colon = rest.lastIndexOf(":");
  const name = colon === -1 ? rest : rest.slice(0, colon);
  return {
    name,
    selector: colon === -1 ? undefined : rest.slice(colon),
    path: name.startsWith("/") ? name : `/${name}`,
    arn: undefined,
  };
}

/** Whether a parameter ARN's partition is the one its region belongs to. */
export function parameterArnConsistent(parameter: ParameterName): boolean {
  return (
    parameter.arn === undefined || partitionOf(parameter.arn.region) === parameter.arn.partition
  );
}

/**
 * Why an `ssm:` name is not one Parameter Store can hold, as a phrase that completes "the
 * parameter name …" without quoting it; `undefined` when it is well formed. Its path: letters,
 * digits and `_.-` between `/`s, starting with `/` when it has one, no empty level, at most
 * {@link PARAMETER_MAX_LEVELS} levels and {@link PARAMETER_MAX_LENGTH} characters, no `aws` or
 * `ssm` prefix (AWS's public `/aws/…` parameters excepted); its selector, if any, of the same
 * characters (`:3`, `:blue`). A parameter ARN, and a secret name that is no parameter's, pass.
 */
export function parameterNameProblem(secretName: string | ParameterName): string | undefined {
  const parameter = typeof secretName === "string" ? parameterName(secretName) : secretName;
  if (parameter === undefined || parameter.arn !== undefined) return undefined;
  const { name, selector } = parameter;
  if (name === "" || /^\/*$/.test(name)) return "has no name after ssm:";
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) {
    return "may hold only letters, digits, _ . - and /";
  }
  if (name.includes("/") && !name.startsWith("/")) {
    return 'must start with "/" when it has a path (ssm:/prod/app, not ssm:prod/app)';
  }
  const levels = (name.startsWith("/") ? name.slice(1) : name).split("/");
  if (!levels.every((level) => SEGMENT.test(level))) {
    return 'has an empty level ("//" or a "/" at the end)';
  }
  if (levels.length > PARAMETER_MAX_LEVELS) {
    return `has more than ${PARAMETER_MAX_LEVELS} levels`;
  }
  if (name.length > PARAMETER_MAX_LENGTH) {
    return `is longer than ${PARAMETER_MAX_LENGTH} characters`;
  }
  if (RESERVED_PREFIX.test(name) && !AWS_PUBLIC_PATH.test(name)) {
    return 'starts with "aws" or "ssm", which Parameter Store reserves (AWS\'s public /aws/… parameters excepted)';
  }
  if (selector !== undefined && !SELECTOR_SYNTAX.test(selector)) {
    return 'has a version or label after ":" that is neither (letters, digits and _ . -, up to 100)';
  }
  return undefined;
}

/** Whether a prefix path starts with `aws` or `ssm` (any case), which Parameter Store reserves. */
export function isReservedParameterPath(path: string): boolean {
  return RESERVED_PREFIX.test(path);
}

/**
 * Whether `path` is a parameter path prefix: `/`, then 1 to `maxLevels` segments of Parameter
 * Store's name characters, each followed by `/` (`/myapp/tenants/`).
 */
export function isParameterPathPrefix(path: string, maxLevels: number): boolean {
  return new RegExp(`^/(?:${NAME_CHARACTER}+/){1,${maxLevels}}$`).test(path);
}
