import { PARTITION_IDS, partitionOf, type Partition } from "./partitions.js";

/** The prefix that sends a secret name to Parameter Store: `ssm:/prod/llm/openai`. */
export const PARAMETER_PREFIX = "ssm:";

const PARTITION = `(?:${PARTITION_IDS.map((p) => p.replace(/-/g, "\\-")).join("|")})`;
// Loose on purpose: anything shaped like a parameter ARN goes to Parameter Store, which judges it.
const LOOSE_PARAMETER_ARN = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//;
const PARAMETER_ARN = new RegExp(
  `^arn:(${PARTITION}):ssm:([a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}):(\\d{12}):parameter(/[^:]*)(?::([^:]*))?$`,
);

// Parameter Store's name syntax: letters, digits and `_.-` between `/`s, up to 2048 characters
// in all; a version or label selector takes the same characters without `/`, up to 100.
const NAME_CHARACTER = "[A-Za-z0-9_.-]";
const NAME_SYNTAX = new RegExp(`^(?:${NAME_CHARACTER}|/){1,2048}$`);
const SELECTOR_SYNTAX = new RegExp(`^:${NAME_CHARACTER}{1,100}$`);

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
 * Whether an `ssm:` name is in Parameter Store's syntax: its path letters, digits and `_.-`
 * between `/`s (not only `/`), up to 2048 characters, and a selector, if any, of the same
 * characters (`:3`, `:blue`). A parameter ARN passes: Parameter Store judges it.
 */
export function isWellFormedParameterName(parameter: ParameterName): boolean {
  if (parameter.arn !== undefined) return true;
  return (
    NAME_SYNTAX.test(parameter.name) &&
    /[^/]/.test(parameter.name) &&
    (parameter.selector === undefined || SELECTOR_SYNTAX.test(parameter.selector))
  );
}

/**
 * Whether `path` is a parameter path prefix: `/`, then 1 to `maxLevels` segments of Parameter
 * Store's name characters, each followed by `/` (`/myapp/tenants/`).
 */
export function isParameterPathPrefix(path: string, maxLevels: number): boolean {
  return new RegExp(`^/(?:${NAME_CHARACTER}+/){1,${maxLevels}}$`).test(path);
}
