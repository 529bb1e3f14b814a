// The reviewed IAM templates in iam/ and how the deploy fills them: ${Name} placeholders are
// replaced by values taken from the ARNs given on the command line, never invented.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.mjs";

export const IAM_DIR = fileURLToPath(new URL("../../iam/", import.meta.url));
export const ORIGIN_KINDS = ["s3", "s3-kms", "lambda-url", "apigw", "opensearch"];

/** How each kind of resource ARN is recognised, and the placeholders it fills. */
const RESOURCE_TYPES = [
  {
    type: "bucket",
    pattern: /^arn:(aws[\w-]*):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/\*)?$/,
    values: ([, partition, bucket]) => ({ BucketArn: `arn:${partition}:s3:::${bucket}`, BucketName: bucket }),
  },
  {
    type: "kms-key",
    pattern: /^arn:(aws[\w-]*):kms:([a-z0-9-]+):(\d{12}):key\/([\w-]+)$/,
    values: ([arn, , region]) => ({ KmsKeyArn: arn, KmsRegion: region }),
  },
  {
    type: "function",
    pattern: /^arn:(aws[\w-]*):lambda:([a-z0-9-]+):(\d{12}):function:([\w-]{1,64})(?::[\w$-]+)?$/,
    values: ([arn, , region, , name]) => ({ FunctionArn: arn, OriginRegion: region, OriginFunctionName: name }),
  },
  {
    type: "api",
    pattern: /^arn:(aws[\w-]*):execute-api:([a-z0-9-]+):(\d{12}):([a-z0-9]+)((?:\/[^\s]*)?)$/,
    values: ([arn, , region, , , path]) => ({ ApiArn: path ? arn : `${arn}/*`, OriginRegion: region }),
  },
  {
    type: "domain",
    pattern: /^arn:(aws[\w-]*):es:([a-z0-9-]+):(\d{12}):domain\/([a-z][a-z0-9-]{2,27})(?:\/\*)?$/,
    values: ([, partition, region, account, name]) => ({ DomainArn: `arn:${partition}:es:${region}:${account}:domain/${name}`, OriginRegion: region }),
  },
  {
    type: "collection",
    pattern: /^arn:(aws[\w-]*):aoss:([a-z0-9-]+):(\d{12}):collection\/([a-z0-9]+)$/,
    values: ([arn, , region]) => ({ CollectionArn: arn, OriginRegion: region }),
  },
];

/** Per origin kind: the resource types it accepts, and those it needs (all of, or one of). */
const KINDS = {
  s3: { accepts: ["bucket"], allOf: ["bucket"], example: "arn:aws:s3:::BUCKET" },
  "s3-kms": { accepts: ["bucket", "kms-key"], allOf: ["bucket", "kms-key"], example: "arn:aws:s3:::BUCKET and arn:aws:kms:REGION:ACCOUNT:key/ID" },
  "lambda-url": { accepts: ["function"], allOf: ["function"], example: "arn:aws:lambda:REGION:ACCOUNT:function:NAME" },
  apigw: { accepts: ["api"], allOf: ["api"], example: "arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH" },
  opensearch: {
    accepts: ["domain", "collection"],
    oneOf: ["domain", "collection"],
    example: "arn:aws:es:REGION:ACCOUNT:domain/NAME or arn:aws:aoss:REGION:ACCOUNT:collection/ID",
  },
};

/** --resource-arn values for an origin kind → the placeholder values. Throws UsageError. */
export function resolveOriginResources(kind, arns) {
  const spec = KINDS[kind];
  if (!spec) throw new UsageError(`--origin-kind ${kind} is not one of ${ORIGIN_KINDS.join(", ")}`);
  const seen = new Set();
  let values = {};
  for (const arn of arns) {
    const match = RESOURCE_TYPES.map((t) => ({ t, m: t.pattern.exec(arn) })).find(({ m }) => m);
    if (!match || !spec.accepts.includes(match.t.type)) {
      throw new UsageError(`--resource-arn ${arn} is not an ARN for --origin-kind ${kind} (expected ${spec.example})`);
    }
    if (seen.has(match.t.type)) throw new UsageError(`--origin-kind ${kind} takes one ${match.t.type} ARN; run the deploy once per origin policy`);
    seen.add(match.t.type);
    values = { ...values, ...match.t.values(match.m) };
  }
  const missing = (spec.allOf ?? []).filter((t) => !seen.has(t));
  if (missing.length > 0 || (spec.oneOf && !spec.oneOf.some((t) => seen.has(t)))) {
    throw new UsageError(`--origin-kind ${kind} needs --resource-arn ${spec.example}`);
  }
  return values;
}

export function readTemplate(relativePath) {
  return JSON.parse(readFileSync(join(IAM_DIR, relativePath), "utf8"));
}

/**
 * Replaces ${Name} placeholders in every string. With `dropIncomplete`, a statement that still
 * holds a placeholder after filling is left out (opensearch: the domain or the collection
 * statement); otherwise an unfilled placeholder is an error.
 */
export function fillPolicy(template, values, { dropIncomplete = false } = {}) {
  const fill = (node) => {
    if (typeof node === "string") return node.replace(/\$\{(\w+)\}/g, (whole, name) => (values[name] !== undefined ? String(values[name]) : whole));
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const filled = fill(template);
  if (dropIncomplete && Array.isArray(filled.Statement)) {
    filled.Statement = filled.Statement.filter((statement) => !/\$\{\w+\}/.test(JSON.stringify(statement)));
  }
  const left = /\$\{(\w+)\}/.exec(JSON.stringify(filled));
  if (left) throw new Error(`policy template placeholder \${${left[1]}} has no value`);
  return filled;
}

export const trustPolicy = () => readTemplate("execution-role/trust-policy.json");

/** The execution role's logging policy: its own log groups, in every region it runs in. */
export const loggingPolicy = ({ accountId, functionName }) =>
  fillPolicy(readTemplate("execution-role/logging.json"), { AccountId: accountId, FunctionName: functionName });

/** The execution role's least-privilege policy for one origin kind. */
export const originPolicy = (kind, resources) => fillPolicy(readTemplate(`execution-role/${kind}.json`), resources, { dropIncomplete: kind === "opensearch" });

/** Does this trust policy (a document or its URL-encoded JSON, as GetRole returns it) let both services assume the role? */
export function trustAllowsEdge(document) {
  let policy = document;
  if (typeof policy === "string") {
    try {
      policy = JSON.parse(decodeURIComponent(policy));
    } catch {
      return { lambda: false, edgelambda: false };
    }
  }
  const principals = new Set();
  for (const statement of [policy?.Statement ?? []].flat()) {
    const actions = [statement.Action ?? []].flat();
    if (statement.Effect !== "Allow" || !actions.some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*")) continue;
    for (const service of [statement.Principal?.Service ?? []].flat()) principals.add(service);
  }
  return { lambda: principals.has("lambda.amazonaws.com"), edgelambda: principals.has("edgelambda.amazonaws.com") };
}

/** What the origin itself must allow, as lines to print (commands and templates, filled). */
export function originSideHints(kind, resources, roleArn = "ROLE_ARN") {
  const dir = "iam/origin-side";
  switch (kind) {
    case "s3":
    case "s3-kms": {
      const lines = [
        `origin side: same account, nothing more unless the bucket policy denies; another account: add ${dir}/s3-bucket-policy.json to the bucket policy of ${resources.BucketName} (Block Public Access can stay on)`,
      ];
      if (kind === "s3-kms") {
        lines.push(
          `origin side: add ${dir}/kms-key-policy-statement.json to the key policy of ${resources.KmsKeyArn} unless the key policy already delegates to IAM in this account`,
        );
      }
      return lines;
    }
    case "lambda-url":
      return [
        `origin side: the function URL must use auth type AWS_IAM; same account, nothing more; another account: allow the role on the function (${dir}/lambda-url-resource-policy.json):`,
        `  aws lambda add-permission --region ${resources.OriginRegion} --function-name ${resources.FunctionArn} --statement-id edge-sigv4-invoke-url --action lambda:InvokeFunctionUrl --function-url-auth-type AWS_IAM --principal ${roleArn}`,
        `  aws lambda add-permission --region ${resources.OriginRegion} --function-name ${resources.FunctionArn} --statement-id edge-sigv4-invoke-via-url --action lambda:InvokeFunction --invoked-via-function-url --principal ${roleArn}`,
      ];
    case "apigw":
      return [
        `origin side: set the methods' authorization to AWS_IAM; if the API has a resource policy or is in another account, add ${dir}/apigw-resource-policy.json to it and redeploy the stage`,
      ];
    case "opensearch":
      return [
        ...(resources.DomainArn
          ? [
              `origin side: add ${dir}/opensearch-domain-access-policy.json to the domain access policy of ${resources.DomainArn} (with fine-grained access control, also map the role to an OpenSearch role)`,
            ]
          : []),
        ...(resources.CollectionArn
          ? [
              `origin side: create a data access policy for the collection from ${dir}/aoss-data-access-policy.json (aws opensearchserverless create-access-policy --type data --region ${resources.OriginRegion})`,
            ]
          : []),
      ];
    default:
      return [];
  }
}
