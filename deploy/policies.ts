// The reviewed IAM templates in iam/ and how the deploy fills them: ${Name} placeholders are
// replaced by values taken from the ARNs given on the command line, never invented.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TRUST_POLICY_FILE } from "./limits.ts";
import { type OriginKind, type OriginResources, originTemplateFile, type PlaceholderValue } from "./origin-kinds.ts";

export const IAM_DIR = fileURLToPath(new URL("../iam/", import.meta.url));

export type PolicyStatement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
export type Policy = { Version: string; Statement: PolicyStatement[] };

/** A template from iam/, parsed (the files are reviewed JSON policies). */
export function readTemplate(relativePath: string): Policy {
  return JSON.parse(readFileSync(join(IAM_DIR, relativePath), "utf8")) as Policy;
}

const PLACEHOLDER = /\$\{(\w+)\}/g;

/**
 * One template string, filled: one string per value of a list placeholder (several lists: every
 * combination). A placeholder without a value (or with an empty list) is kept as it is.
 */
function expand(text: string, values: Readonly<Record<string, PlaceholderValue | undefined>>): string[] {
  let results = [""];
  let at = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const literal = text.slice(at, match.index);
    const value = values[String(match[1])];
    const choices = value === undefined || value.length === 0 ? [match[0]] : [value].flat();
    results = results.flatMap((start) => choices.map((choice) => `${start}${literal}${choice}`));
    at = match.index + match[0].length;
  }
  return results.map((start) => `${start}${text.slice(at)}`);
}

/**
 * Replaces ${Name} placeholders in every string. A list value turns the string into one string
 * per value: inside an array they take its place, elsewhere they become an array
 * (`"Resource": "${BucketArn}/*"` with two buckets → two resources). With `dropIncomplete`, a
 * statement that still holds a placeholder after filling is left out (opensearch: the domain or
 * the collection statement); otherwise an unfilled placeholder is an error.
 */
export function fillPolicy(template: unknown, values: Readonly<Record<string, PlaceholderValue | undefined>>, { dropIncomplete = false } = {}): Policy {
  const fill = (node: unknown): unknown => {
    if (typeof node === "string") {
      const filled = expand(node, values);
      return filled.length === 1 ? filled[0] : filled;
    }
    if (Array.isArray(node)) return node.flatMap((child) => (typeof child === "string" ? expand(child, values) : [fill(child)]));
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
  fillPolicy(readTemplate(originTemplateFile(kind).replace(/^iam\//, "")), resources, { dropIncomplete: kind === "opensearch" });

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
