// The origin kinds the deploy knows (--origin-kind), the resource ARNs each takes (--resource-arn),
// and the template placeholders those ARNs fill. Values are taken from the ARNs, never invented.
import { roleArnProblem } from "../src/assume-role/parameters.ts";
import { UsageError } from "./errors.ts";

export const ORIGIN_KINDS = ["s3", "s3-kms", "lambda-url", "lambda-web", "apigw", "opensearch", "cross-account"] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];
export const isOriginKind = (value: string): value is OriginKind => (ORIGIN_KINDS as readonly string[]).includes(value);

/** A placeholder's value: one string, or several (a template string holding it becomes one string per value). */
export type PlaceholderValue = string | readonly string[];
/** Placeholder values taken from --resource-arn (BucketArn, FunctionArn, OriginRegion, ...). */
export type OriginResources = Readonly<Record<string, PlaceholderValue>>;

/** Every value of a placeholder, in the order the ARNs were given. */
export const valuesOf = (resources: OriginResources, name: string): string[] => [resources[name] ?? []].flat();

type ResourceType = "bucket" | "mrap" | "kms-key" | "function" | "web-function" | "api" | "domain" | "collection" | "role";
type Values = Record<string, string>;
const LABELS: Partial<Record<ResourceType, string>> = { mrap: "Multi-Region Access Point", "kms-key": "KMS key", "web-function": "web function endpoint" };

const byPattern =
  (pattern: RegExp, values: (m: RegExpExecArray) => Values) =>
  (arn: string): Values | undefined => {
    const m = pattern.exec(arn);
    return m ? values(m) : undefined;
  };

// Lambda Web Function and endpoint names: letters, digits, - and _, not first or last, 1-64.
const WEB_NAME = "[A-Za-z0-9](?:[\\w-]{0,62}[A-Za-z0-9])?";

/** How each kind of resource ARN is recognised, and the placeholders it fills. */
const RESOURCE_TYPES: Array<{ type: ResourceType; match: (arn: string) => Values | undefined }> = [
  {
    type: "bucket",
    match: byPattern(/^arn:(aws[\w-]*):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/\*)?$/, ([, partition, bucket]) => ({
      BucketArn: `arn:${partition}:s3:::${bucket}`,
      BucketName: `${bucket}`,
    })),
  },
  {
    // A Multi-Region Access Point has no region in its ARN. Its objects are .../object/KEY, which
    // the s3 template's ${BucketArn}/* turns into .../object/*.
    type: "mrap",
    match: byPattern(/^arn:(aws[\w-]*):s3::(\d{12}):accesspoint\/([a-z0-9]+\.mrap)(?:\/object\/\*)?$/, ([, partition, account, alias]) => ({
      BucketArn: `arn:${partition}:s3::${account}:accesspoint/${alias}/object`,
      MrapArn: `arn:${partition}:s3::${account}:accesspoint/${alias}`,
      MrapAlias: `${alias}`,
      MrapAccount: `${account}`,
    })),
  },
  {
    type: "kms-key",
    match: byPattern(/^arn:(aws[\w-]*):kms:([a-z0-9-]+):(\d{12}):key\/([\w-]+)$/, ([arn, , region]) => ({ KmsKeyArn: arn, KmsRegion: `${region}` })),
  },
  {
    type: "function",
    match: byPattern(/^arn:(aws[\w-]*):lambda:([a-z0-9-]+):(\d{12}):function:([\w-]{1,64})(?::[\w$-]+)?$/, ([arn, , region, , name]) => ({
      FunctionArn: arn,
      OriginRegion: `${region}`,
      OriginFunctionName: `${name}`,
    })),
  },
  {
    // A web function's endpoint; the function alone means all of its endpoints (.../endpoint/*).
    type: "web-function",
    match: byPattern(
      new RegExp(`^arn:(aws[\\w-]*):lambda:([a-z0-9-]+):(\\d{12}):web-function/(${WEB_NAME})(?:/endpoint/(${WEB_NAME}|\\*))?$`),
      ([, partition, region, account, name, endpoint]) => {
        const functionArn = `arn:${partition}:lambda:${region}:${account}:web-function/${name}`;
        return { WebFunctionEndpointArn: `${functionArn}/endpoint/${endpoint ?? "*"}`, WebFunctionArn: functionArn, OriginRegion: `${region}` };
      },
    ),
  },
  {
    type: "api",
    match: byPattern(/^arn:(aws[\w-]*):execute-api:([a-z0-9-]+):(\d{12}):([a-z0-9]+)((?:\/[^\s]*)?)$/, ([arn, , region, , , path]) => ({
      ApiArn: path ? arn : `${arn}/*`,
      OriginRegion: `${region}`,
    })),
  },
  {
    type: "domain",
    match: byPattern(/^arn:(aws[\w-]*):es:([a-z0-9-]+):(\d{12}):domain\/([a-z][a-z0-9-]{2,27})(?:\/\*)?$/, ([, partition, region, account, name]) => ({
      DomainArn: `arn:${partition}:es:${region}:${account}:domain/${name}`,
      OriginRegion: `${region}`,
    })),
  },
  {
    type: "collection",
    match: byPattern(/^arn:(aws[\w-]*):aoss:([a-z0-9-]+):(\d{12}):collection\/([a-z0-9]+)$/, ([arn, , region]) => ({
      CollectionArn: arn,
      OriginRegion: `${region}`,
    })),
  },
  // The same check as the function's own for the roles it assumes.
  { type: "role", match: (arn) => (roleArnProblem(arn) === undefined ? { OriginRoleArn: arn } : undefined) },
];

type KindSpec = {
  /** iam/execution-role/<template>.json */
  template: string;
  accepts: ResourceType[];
  /** Needs all of these, or one of these. */
  allOf?: ResourceType[];
  oneOf?: ResourceType[];
  /** May be given more than once (their placeholders become lists). */
  many?: ResourceType[];
  example: string;
  /** A rule on the combination, as the end of "--origin-kind KIND ...". */
  check?: (count: (type: ResourceType) => number) => string | undefined;
};

const KINDS: Record<OriginKind, KindSpec> = {
  s3: {
    template: "s3",
    accepts: ["bucket", "mrap"],
    oneOf: ["bucket", "mrap"],
    many: ["bucket"],
    example: "arn:aws:s3:::BUCKET, or arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap (no region) and the buckets behind it",
    check: (count) => {
      if (count("mrap") === 1 && count("bucket") === 0) {
        return "with a Multi-Region Access Point also needs the buckets behind it, each as --resource-arn arn:aws:s3:::BUCKET (S3 checks the request against the bucket it routes it to)";
      }
      if (count("mrap") === 0 && count("bucket") > 1)
        return "takes one bucket ARN (several only behind a Multi-Region Access Point); run the deploy once per origin policy";
      return undefined;
    },
  },
  "s3-kms": {
    template: "s3-kms",
    accepts: ["bucket", "kms-key"],
    allOf: ["bucket", "kms-key"],
    example: "arn:aws:s3:::BUCKET and arn:aws:kms:REGION:ACCOUNT:key/ID",
  },
  "lambda-url": { template: "lambda-url", accepts: ["function"], allOf: ["function"], example: "arn:aws:lambda:REGION:ACCOUNT:function:NAME" },
  "lambda-web": {
    template: "lambda-web",
    accepts: ["web-function"],
    allOf: ["web-function"],
    example: "arn:aws:lambda:REGION:ACCOUNT:web-function/NAME/endpoint/ENDPOINT",
  },
  apigw: { template: "apigw", accepts: ["api"], allOf: ["api"], example: "arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH" },
  opensearch: {
    template: "opensearch",
    accepts: ["domain", "collection"],
    oneOf: ["domain", "collection"],
    example: "arn:aws:es:REGION:ACCOUNT:domain/NAME or arn:aws:aoss:REGION:ACCOUNT:collection/ID",
  },
  "cross-account": { template: "assume-role", accepts: ["role"], allOf: ["role"], many: ["role"], example: "arn:aws:iam::ACCOUNT:role/NAME (repeatable)" },
};

/** The template of an origin kind's policy, as the repository names it. */
export const originTemplateFile = (kind: OriginKind): string => `iam/execution-role/${KINDS[kind].template}.json`;

/** Several ARNs' values as one set: a placeholder filled more than once becomes a list, in order. */
function merge(all: readonly Values[]): OriginResources {
  const merged: Record<string, string[]> = {};
  for (const values of all) {
    for (const [name, value] of Object.entries(values)) merged[name] = [...(merged[name] ?? []), value];
  }
  return Object.fromEntries(Object.entries(merged).map(([name, list]) => [name, list.length === 1 ? String(list[0]) : list]));
}

/** --resource-arn values for an origin kind → the placeholder values. Throws UsageError with one line. */
export function resolveOriginResources(kind: string, arns: readonly string[]): OriginResources {
  if (!isOriginKind(kind)) throw new UsageError(`--origin-kind ${kind} is not one of ${ORIGIN_KINDS.join(", ")}`);
  const spec = KINDS[kind];
  const counts = new Map<ResourceType, number>();
  const found: Values[] = [];
  for (const arn of new Set(arns)) {
    const match = RESOURCE_TYPES.flatMap(({ type, match }) => {
      const values = match(arn);
      return values ? [{ type, values }] : [];
    })[0];
    if (!match || !spec.accepts.includes(match.type)) {
      throw new UsageError(`--resource-arn ${arn} is not an ARN for --origin-kind ${kind} (expected ${spec.example})`);
    }
    if (counts.has(match.type) && !spec.many?.includes(match.type)) {
      throw new UsageError(`--origin-kind ${kind} takes one ${LABELS[match.type] ?? match.type} ARN; run the deploy once per origin policy`);
    }
    counts.set(match.type, (counts.get(match.type) ?? 0) + 1);
    found.push(match.values);
  }
  const count = (type: ResourceType) => counts.get(type) ?? 0;
  const missing = (spec.allOf ?? []).filter((type) => count(type) === 0);
  if (missing.length > 0 || (spec.oneOf && !spec.oneOf.some((type) => count(type) > 0))) {
    throw new UsageError(`--origin-kind ${kind} needs --resource-arn ${spec.example}`);
  }
  const problem = spec.check?.(count);
  if (problem) throw new UsageError(`--origin-kind ${kind} ${problem}`);
  return merge(found);
}
