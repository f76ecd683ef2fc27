import { CredentialConfigError } from "../core/CredentialConfigError.js";
import { parameterName } from "../core/parameterName.js";
import type { SecretVersion } from "./SecretStore.js";

const CURRENT = "AWSCURRENT";
// Parameter Store refuses labels that start with a digit, "aws" or "ssm".
const LABEL = /^(?![0-9])(?!aws)(?!ssm)[A-Za-z0-9_.-]{1,100}$/i;

const refuse = (message: string, hint: string) =>
  new CredentialConfigError("INVALID_OPTION", message, { hint });

/**
 * The selector a Parameter Store read appends to the name: the one the name carries
 * (`ssm:/db:3`), else `:<versionId>` (a version number) or `:<versionStage>` (a label). Parameter
 * Store has no staging labels: `AWSCURRENT` is the latest version, and `AWSPREVIOUS` or any other
 * `AWS…` stage is refused rather than read as a label no parameter can have.
 */
export function parameterSelector(name: string, version: SecretVersion | undefined): string {
  const inline = parameterName(name)?.selector;
  const { versionId, versionStage } = version ?? {};
  const stage = versionStage === CURRENT ? undefined : versionStage;
  if (versionId === undefined && stage === undefined) return inline ?? "";
  if (inline !== undefined) {
    throw refuse(
      `get: parameter ${name} already selects a version (its ":" suffix); a version option cannot be added.`,
      "Drop the versionId/versionStage option, or the suffix of the name.",
    );
  }
  if (versionId !== undefined) {
    if (!/^[1-9]\d{0,17}$/.test(versionId)) {
      throw refuse(
        `get: option versionId of parameter ${name} must be a version number.`,
        'Parameter Store numbers versions 1, 2, 3, …: pass { versionId: "3" }, or a label as versionStage.',
      );
    }
    return `:${versionId}`;
  }
  if (!LABEL.test(stage ?? "")) {
    throw refuse(
      `get: option versionStage of parameter ${name} must be a Parameter Store label.`,
      'Parameter Store has no AWSPREVIOUS or AWSPENDING: pass { versionId: "<number>" } for an older version, or a label you put with `aws ssm label-parameter-version`.',
    );
  }
  return `:${stage}`;
}
