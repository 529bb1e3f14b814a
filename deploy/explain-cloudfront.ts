// One-line explanations, with the fix, for what CloudFront answers to the deploy's calls: the
// function association, the distribution update, public keys and key groups.
import type { ErrorFacts } from "./errors.ts";
import { MAX_KEYS_PER_KEY_GROUP, MAX_ZIP_BYTES, REGION, TRUST_POLICY_FILE } from "./limits.ts";

const KEY_CONSOLE = "CloudFront console, Key management";

export function explainCloudFront({ name, message, context }: ErrorFacts, where: string): string | undefined {
  const group = context.keyGroup ? `key group ${context.keyGroup}` : "the key group";
  switch (name) {
    case "InvalidLambdaFunctionAssociation":
      return explainAssociation(message);
    case "InvalidArgument":
      if (/lambda/i.test(message)) return explainAssociation(message);
      if (context.operation === "CreatePublicKey") {
        return `${where}: CloudFront refused the public key (${message}): it takes an RSA 2048 or ECDSA P-256 public key in PEM (BEGIN PUBLIC KEY); check --public-key`;
      }
      return undefined;
    case "NoSuchDistribution": {
      const id = context.distributionId ? `${context.distributionId} ` : "";
      return `${where}: distribution ${id}does not exist in this account: check --distribution-id (aws cloudfront list-distributions)`;
    }
    case "PreconditionFailed":
    case "InvalidIfMatchVersion":
      if (context.operation === "UpdateKeyGroup") {
        return `${where}: ${group} changed while it was being updated (ETag conflict): another deployment or a console edit is in progress; wait for it and run again`;
      }
      return `${where}: the distribution changed while it was being updated (ETag conflict): another deployment or a console edit is in progress; wait for it and run again`;
    case "PublicKeyAlreadyExists":
      return `${where}: CloudFront already has a public key with this name or caller reference but another key: rename or delete that key (${KEY_CONSOLE}, Public keys), or pass another --trusted-key-group name`;
    case "TooManyPublicKeys":
      return `${where}: the account holds as many public keys as CloudFront allows: delete unused ones (${KEY_CONSOLE}, or aws cloudfront delete-public-key) or ask for a higher quota, then run again`;
    case "KeyGroupAlreadyExists":
      return `${where}: ${group} was created by someone else meanwhile: run the deploy again to reuse it`;
    case "TooManyKeyGroups":
      return `${where}: the account holds as many key groups as CloudFront allows: reuse one (--trusted-key-group NAME of an existing group) or delete an unused one, then run again`;
    case "TooManyPublicKeysInKeyGroup":
      return `${where}: ${group} already holds ${MAX_KEYS_PER_KEY_GROUP} public keys, the most CloudFront allows: remove a retired key from it (${KEY_CONSOLE}, Key groups) and run again`;
    case "NoSuchPublicKey":
      return `${where}: the public key was deleted while the deploy ran: run the deploy again to upload it`;
    case "NoSuchResource":
      return `${where}: ${group} was deleted while the deploy ran: run the deploy again to create it`;
    case "TrustedKeyGroupDoesNotExist":
      return `${where}: the distribution names a key group that does not exist (deleted meanwhile?): run the deploy again, or remove it from the behavior's trusted key groups`;
    case "TooManyKeyGroupsAssociatedToDistribution":
      return `${where}: the distribution already trusts as many key groups as CloudFront allows: add the key to a key group it already trusts (--trusted-key-group NAME of that group)`;
    default:
      return undefined;
  }
}

function explainAssociation(message: string): string {
  const prefix = "CloudFront rejected the function association";
  if (/edgelambda|assum/i.test(message)) {
    return `${prefix}: the execution role must be assumable by edgelambda.amazonaws.com as well as lambda.amazonaws.com: aws iam update-assume-role-policy --role-name ROLE --policy-document file://${TRUST_POLICY_FILE}`;
  }
  if (/region/i.test(message)) {
    return `${prefix}: the function must be in ${REGION}: deploy it there (this script always does) and pass its ${REGION} name to --function-name`;
  }
  if (/runtime/i.test(message)) {
    return `${prefix}: Lambda@Edge does not support the function's runtime: pass --runtime nodejs22.x`;
  }
  if (/environment/i.test(message)) {
    return `${prefix}: Lambda@Edge functions cannot have environment variables: remove them (this script clears them on update; configure with edge-sigv4.config.json instead)`;
  }
  if (/version|\$LATEST|qualif/i.test(message)) {
    return `${prefix}: it needs a numbered version ARN (not $LATEST or an alias): use the ARN this script prints`;
  }
  if (/timeout/i.test(message)) {
    return `${prefix}: the timeout is over the origin-request limit: pass --timeout 30 or less`;
  }
  if (/memory/i.test(message)) {
    return `${prefix}: the memory size is over the limit: pass a smaller --memory`;
  }
  if (/size|large/i.test(message)) {
    return `${prefix}: the function package is over Lambda@Edge's limit (${MAX_ZIP_BYTES / 1024 / 1024} MB zipped for origin events): rebuild with \`npm run build\``;
  }
  return `${prefix}: ${message}`;
}
