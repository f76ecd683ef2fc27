import { echoInput } from "../core/echoInput.js";
import { arnFor } from "../core/arn.js";
import {
  PARAMETER_NAME_HINT,
  parameterArnConsistent,
  parameterName,
  parameterNameProblem,
} from "../core/parameterName.js";
import { partitionOf, type Partition } from "../core/partitions.js";
import {
  policyOptionError,
  requireAccount,
  type IamStatement,
  type IamStatements,
} from "./iamPolicyDocument.js";

/**
 * For `ssm:` names and parameter ARNs: `ssm:GetParameter` and `ssm:GetParameters` (preload) on
 * each parameter's ARN (`arn:<partition>:ssm:<region>:<account>:parameter/<path>`, the selector
 * dropped: IAM authorizes the parameter), and `kms:Decrypt` on the account's keys in that region
 * only when Parameter Store asks for them (`kms:ViaService` = `ssm.<region>.amazonaws.com`), so
 * SecureStrings under a customer managed key decrypt.
 */
export function parameterReadStatements(input: {
  /** `ssm:` names and parameter ARNs, deduplicated; at least one. */
  parameters: readonly string[];
  /** Region of the parameters given by `ssm:` name (an ARN's own region wins). */
  region: string;
  account: string | undefined;
}): IamStatements {
  const resources: string[] = [];
  const keys = new Map<string, { partition: Partition; region: string; account: string }>();
  for (const given of input.parameters) {
    const parameter = parameterName(given);
    if (parameter === undefined) continue;
    let arn: { partition: Partition; region: string; account: string };
    if (parameter.arn !== undefined) {
      if (!parameterArnConsistent(parameter)) {
        throw policyOptionError(
          "--secret names a parameter ARN whose partition does not match its Region.",
          "Parameter ARNs look like arn:aws:ssm:us-east-1:123456789012:parameter/prod/app (arn:aws-cn:…, arn:aws-us-gov:… in those partitions).",
        );
      }
      arn = parameter.arn;
    } else {
      const problem = parameterNameProblem(parameter);
      if (problem !== undefined) {
        throw policyOptionError(
          `--secret ${JSON.stringify(echoInput(given))} is not a valid parameter name: it ${problem}.`,
          PARAMETER_NAME_HINT,
        );
      }
      const account = requireAccount(input.account, `for the parameter ${given}`);
      arn = { partition: partitionOf(input.region), region: input.region, account };
    }
    // A parameter ARN's partition is its region's (checked above), so arnFor rebuilds it.
    resources.push(arnFor("ssm", arn.region, arn.account, `parameter${parameter.path}`));
    keys.set(`${arn.partition}:${arn.region}:${arn.account}`, arn);
  }

  const statements: IamStatement[] = [
    {
      Sid: "ReadParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: [...new Set(resources)],
    },
  ];
  [...keys.values()].forEach((key, i) => {
    statements.push({
      Sid: keys.size === 1 ? "DecryptParameters" : `DecryptParameters${i + 1}`,
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [arnFor("kms", key.region, key.account, "key/*")],
      Condition: { StringEquals: { "kms:ViaService": `ssm.${key.region}.amazonaws.com` } },
    });
  });
  const notes = [
    "kms:Decrypt is granted on the account's KMS keys only for requests Parameter Store makes on the caller's behalf (kms:ViaService), " +
      "for SecureStrings under a customer managed key; narrow Resource to that key's ARN when you know it. " +
      "The AWS managed key aws/ssm and String parameters need no KMS grant.",
  ];
  if (input.account !== undefined && [...keys.values()].some((k) => k.account !== input.account)) {
    notes.push(
      "A parameter shared from another account is encrypted with a key of that account: its key policy must allow the caller too.",
    );
  }
  if ([...keys.values()].some((k) => k.partition !== "aws")) {
    notes.push(
      "Outside the aws partition, check the kms:ViaService value AWS documents for Parameter Store there.",
    );
  }
  return { statements, notes };
}
