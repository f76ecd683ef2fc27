import { CredentialConfigError } from "../core/CredentialConfigError.js";

const ACCOUNT = /^\d{12}$/;

/** One IAM policy statement. */
export interface IamStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string>>;
}

/** An IAM identity-based policy document. */
export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: IamStatement[];
}

/** Statements for one concept of the policy, with the notes printed beside it. */
export interface IamStatements {
  statements: IamStatement[];
  notes: string[];
}

/** A `credchain policy` flag that cannot be granted as given (exit 2). */
export function policyOptionError(message: string, hint: string): CredentialConfigError {
  return new CredentialConfigError("INVALID_OPTION", message, { hint });
}

/** The `--account` a grant needs, checked; `why` says which grant needs it. */
export function requireAccount(account: string | undefined, why: string): string {
  if (account === undefined) {
    throw policyOptionError(
      `--account is required ${why}.`,
      "Pass your 12-digit AWS account ID with --account 123456789012.",
    );
  }
  if (!ACCOUNT.test(account)) {
    throw policyOptionError(
      "--account must be a 12-digit AWS account ID.",
      "Pass --account 123456789012 (digits only).",
    );
  }
  return account;
}
