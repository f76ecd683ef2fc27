import { echoInput } from "../core/echoInput.js";
import { arnFor, parseSecretArn, SECRET_NAME_PATTERN } from "../core/arn.js";
import { partitionOf } from "../core/partitions.js";
import {
  policyOptionError,
  requireAccount,
  type IamStatement,
  type IamStatements,
} from "./iamPolicyDocument.js";

/**
 * `secretsmanager:GetSecretValue` on each Secrets Manager secret (names get the `-??????` suffix
 * wildcard, full ARNs are used as given), and `secretsmanager:BatchGetSecretValue` (Resource `*`,
 * the only way AWS authorizes it) when `batch`.
 */
export function secretReadStatements(input: {
  /** Secret names and ARNs, deduplicated; at least one. */
  secrets: readonly string[];
  /** Region of the secrets given by name. */
  region: string;
  account: string | undefined;
  batch: boolean;
}): IamStatements {
  const { secrets, region, batch } = input;
  const statements: IamStatement[] = [];
  const notes: string[] = [];
  const arns = secrets.map((s) => {
    if (s.startsWith("arn:")) {
      const arn = parseSecretArn(s);
      if (arn === undefined || partitionOf(arn.region) !== arn.partition) {
        throw policyOptionError(
          "--secret ARN is not a Secrets Manager secret ARN (its partition must match its Region).",
          "ARNs look like arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/app-AbCdEf (arn:aws-cn:…, arn:aws-us-gov:… in those partitions).",
        );
      }
      return s;
    }
    if (!SECRET_NAME_PATTERN.test(s)) {
      throw policyOptionError(
        `--secret ${JSON.stringify(echoInput(s))} is not a valid secret name.`,
        "Secret names use letters, digits and /_+=.@- (up to 512 characters); parameters are ssm:/path.",
      );
    }
    const account = requireAccount(input.account, `for the secret ${s}`);
    return arnFor("secretsmanager", region, account, `secret:${s}-??????`);
  });
  statements.push({
    Sid: "ReadSecrets",
    Effect: "Allow",
    Action: ["secretsmanager:GetSecretValue"],
    Resource: arns,
  });
  if (batch) {
    statements.push({
      Sid: "BatchReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:BatchGetSecretValue"],
      Resource: ["*"],
    });
    notes.push(
      'secretsmanager:BatchGetSecretValue supports no resource-level permissions, so AWS requires Resource "*" for it. ' +
        "It returns only secrets the caller may GetSecretValue, which the ReadSecrets statement limits to the secrets above.",
    );
  }
  if (secrets.some((s) => !s.startsWith("arn:"))) {
    notes.push(
      'Secrets given by name end in "-??????" to match the six random characters Secrets Manager appends to every secret ARN.',
    );
  }
  return { statements, notes };
}
