// The reviewed IAM templates in iam/ and how the deploy fills them: ${Name} placeholders are
// replaced by values taken from the ARNs given on the command line, never invented.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.ts";
import { TRUST_POLICY_FILE } from "./limits.ts";

export const IAM_DIR = fileURLToPath(new URL("../iam/", import.meta.url));
export const ORIGIN_KINDS = ["s3", "s3-kms", "lambda-url", "apigw", "opensearch"] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];
export const isOriginKind = (value: string): value is OriginKind => (ORIGIN_KINDS as readonly string[]).includes(value);

/** Placeholder values taken from --resource-arn (BucketArn, FunctionArn, OriginRegion, ...). */
export type OriginResources = Record<string, string>;

export type PolicyStatement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
export type Policy = { Version: string; Statement: PolicyStatement[] };

type ResourceType = "bucket" | "kms-key" | "function" | "api" | "domain" | "collection";

/** How each kind of resource ARN is recognised, and the placeholders it fills. */
const RESOURCE_TYPES: Array<{ type: ResourceType; pattern: RegExp; values: (m: RegExpExecArray) => OriginResources }> = [
  {
    type: "bucket",
    pattern: /^arn:(aws[\w-]*):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/\*)?$/,
    values: ([, partition, bucket]) => ({ BucketArn: `arn:${partition}:s3:::${bucket}`, BucketName: `${bucket}` }),
  },
  {
    type: "kms-key",
    pattern: /^arn:(aws[\w-]*):kms:([a-z0-9-]+):(\d{12}):key\/([\w-]+)$/,
    values: ([arn, , region]) => ({ KmsKeyArn: arn, KmsRegion: `${region}` }),
  },
  {
    type: "function",
    pattern: /^arn:(aws[\w-]*):lambda:([a-z0-9-]+):(\d{12}):function:([\w-]{1,64})(?::[\w$-]+)?$/,
    values: ([arn, , region, , name]) => ({ FunctionArn: arn, OriginRegion: `${region}`, OriginFunctionName: `${name}` }),
  },
  {
    type: "api",
    pattern: /^arn:(aws[\w-]*):execute-api:([a-z0-9-]+):(\d{12}):([a-z0-9]+)((?:\/[^\s]*)?)$/,
    values: ([arn, , region, , , path]) => ({ ApiArn: path ? arn : `${arn}/*`, OriginRegion: `${region}` }),
  },
  {
    type: "domain",
    pattern: /^arn:(aws[\w-]*):es:([a-z0-9-]+):(\d{12}):domain\/([a-z][a-z0-9-]{2,27})(?:\/\*)?$/,
    values: ([, partition, region, account, name]) => ({ DomainArn: `arn:${partition}:es:${region}:${account}:domain/${name}`, OriginRegion: `${region}` }),
  },
  {
    type: "collection",
    pattern: /^arn:(aws[\w-]*):aoss:([a-z0-9-]+):(\d{12}):collection\/([a-z0-9]+)$/,
    values: ([arn, , region]) => ({ CollectionArn: arn, OriginRegion: `${region}` }),
  },
];

/** Per origin kind: the resource types it accepts, and those it needs (all of, or one of). */
const KINDS: Record<OriginKind, { accepts: ResourceType[]; allOf?: ResourceType[]; oneOf?: ResourceType[]; example: string }> = {
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
export function resolveOriginResources(kind: string, arns: readonly string[]): OriginResources {
  if (!isOriginKind(kind)) throw new UsageError(`--origin-kind ${kind} is not one of ${ORIGIN_KINDS.join(", ")}`);
  const spec = KINDS[kind];
  const seen = new Set<ResourceType>();
  let values: OriginResources = {};
  for (const arn of arns) {
    let found: { type: ResourceType; values: OriginResources } | undefined;
    for (const candidate of RESOURCE_TYPES) {
      const m = candidate.pattern.exec(arn);
      if (m) {
        found = { type: candidate.type, values: candidate.values(m) };
        break;
      }
    }
    if (!found || !spec.accepts.includes(found.type)) {
      throw new UsageError(`--resource-arn ${arn} is not an ARN for --origin-kind ${kind} (expected ${spec.example})`);
    }
    if (seen.has(found.type)) throw new UsageError(`--origin-kind ${kind} takes one ${found.type} ARN; run the deploy once per origin policy`);
    seen.add(found.type);
    values = { ...values, ...found.values };
  }
  const missing = (spec.allOf ?? []).filter((t) => !seen.has(t));
  if (missing.length > 0 || (spec.oneOf && !spec.oneOf.some((t) => seen.has(t)))) {
    throw new UsageError(`--origin-kind ${kind} needs --resource-arn ${spec.example}`);
  }
  return values;
}

/** A template from iam/, parsed (the files are reviewed JSON policies). */
export function readTemplate(relativePath: string): Policy {
  return JSON.parse(readFileSync(join(IAM_DIR, relativePath), "utf8")) as Policy;
}

/**
 * Replaces ${Name} placeholders in every string. With `dropIncomplete`, a statement that still
 * holds a placeholder after filling is left out (opensearch: the domain or the collection
 * statement); otherwise an unfilled placeholder is an error.
 */
export function fillPolicy(template: unknown, values: Record<string, string | undefined>, { dropIncomplete = false } = {}): Policy {
  const fill = (node: unknown): unknown => {
    if (typeof node === "string") return node.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const filled = fill(template) as Policy;
  if (dropIncomplete && Array.isArray(filled.Statement)) {
    filled.Statement = filled.Statement.filter((statement) => !/\$\{\w+\}/.test(JSON.stringify(statement)));
  }
  const left = /\$\{(\w+)\}/.exec(JSON.stringify(filled));
  if (left) throw new Error(`policy template placeholder \${${left[1]}} has no value`);
  return filled;
}

export const trustPolicy = (): Policy => readTemplate(TRUST_POLICY_FILE.replace(/^iam\//, ""));

/** The execution role's logging policy: its own log groups, in every region it runs in. */
export const loggingPolicy = ({ accountId, functionName }: { accountId: string | undefined; functionName: string }): Policy =>
  fillPolicy(readTemplate("execution-role/logging.json"), { AccountId: accountId, FunctionName: functionName });

/** The execution role's least-privilege policy for one origin kind. */
export const originPolicy = (kind: OriginKind, resources: OriginResources): Policy =>
  fillPolicy(readTemplate(`execution-role/${kind}.json`), resources, { dropIncomplete: kind === "opensearch" });

/** Does this trust policy (a document or its URL-encoded JSON, as GetRole returns it) let both services assume the role? */
export function trustAllowsEdge(document: unknown): { lambda: boolean; edgelambda: boolean } {
  let policy = document;
  if (typeof policy === "string") {
    try {
      policy = JSON.parse(decodeURIComponent(policy));
    } catch {
      return { lambda: false, edgelambda: false };
    }
  }
  const principals = new Set<unknown>();
  const statements = [(policy as Partial<Policy> | undefined)?.Statement ?? []].flat();
  for (const statement of statements) {
    const actions = [statement.Action ?? []].flat();
    if (statement.Effect !== "Allow" || !actions.some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*")) continue;
    const principal = statement.Principal as { Service?: unknown } | undefined;
    for (const service of [principal?.Service ?? []].flat()) principals.add(service);
  }
  return { lambda: principals.has("lambda.amazonaws.com"), edgelambda: principals.has("edgelambda.amazonaws.com") };
}
