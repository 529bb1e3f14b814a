// The deploy script is a plain ES module run by node (scripts/deploy.mjs): the tests load it by
// URL and describe here the part of its exports they use.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = join(import.meta.dirname, "../..");
export const SCRIPT = join(ROOT, "scripts/deploy.mjs");

export type Options = {
  help: boolean;
  functionName: string;
  functionRef: string;
  runtime: string;
  memory: number;
  timeout: number;
  zip: string;
  build: boolean;
  buildConfig?: string;
  roleArn?: string;
  createRole?: string;
  originKind?: string;
  resources: Record<string, string>;
  attach: boolean;
  printPolicy: boolean;
  distributionId?: string;
  pathPattern?: string;
  force: boolean;
  wait: boolean;
  profile?: string;
  endpointUrl?: string;
  dryRun: boolean;
};

export type Sender = { send: (command: unknown) => Promise<unknown> };
export type Clients = { lambda: Sender; cloudfront: Sender; iam: Sender };
export type Io = {
  log?: (line: string) => void;
  out?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  build?: (options: Options, log: (line: string) => void) => void;
  readZip?: (path: string) => Uint8Array;
  waiterSeconds?: { function?: number; distribution?: number };
};
export type Association = { LambdaFunctionARN: string; EventType: string; IncludeBody?: boolean };
export type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  LambdaFunctionAssociations?: { Quantity: number; Items?: Association[] };
  [key: string]: unknown;
};
export type DistributionConfig = {
  DefaultCacheBehavior: Behavior;
  CacheBehaviors?: { Quantity: number; Items?: Behavior[] };
  [key: string]: unknown;
};
export type PlanStep =
  | { kind: "local"; what: string; detail: string }
  | { kind: "call"; service: string; region: string; operation: string; params: Record<string, unknown>; when?: string };
export type Policy = {
  Version: string;
  Statement: Array<{
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  }>;
};

export interface DeployModule {
  HELP: string;
  OPTIONS: Record<string, { type: string }>;
  REGION: string;
  DEFAULT_RUNTIME: string;
  MAX_ZIP_BYTES: number;
  ORIGIN_KINDS: string[];
  DeployError: new (message: string) => Error & { exitCode: number };
  parseDeployArgs(argv: string[]): Options;
  plan(options: Options, facts?: { zipBytes?: number }): { steps: PlanStep[] };
  formatPlan(plan: { steps: PlanStep[] }, options: Options): string;
  associateBehavior(
    config: DistributionConfig,
    args: { functionArn: string; pathPattern?: string; force?: boolean },
  ): { config: DistributionConfig; behavior: string; previous?: string; change: "added" | "replaced" | "unchanged" };
  explainError(error: unknown, context?: { service?: string; operation?: string; distributionId?: string }): string;
  configurationChanges(current: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> | undefined;
  checkPackage(bytes: Uint8Array, path?: string): void;
  originPolicy(kind: string, resources: Record<string, string>): Policy;
  loggingPolicy(args: { accountId: string; functionName: string }): Policy;
  trustPolicy(): Policy;
  fillPolicy(template: unknown, values: Record<string, string>, options?: { dropIncomplete?: boolean }): Policy;
  resolveOriginResources(kind: string, arns: string[]): Record<string, string>;
  trustAllowsEdge(document: unknown): { lambda: boolean; edgelambda: boolean };
  createClients(options: {
    profile?: string;
    endpointUrl?: string;
  }): Promise<
    Clients & Record<string, { config: { region: () => Promise<string>; endpoint?: () => Promise<{ hostname: string; port?: number; protocol: string }> } }>
  >;
  deploy(
    options: Options,
    clients: Clients,
    io?: Io,
  ): Promise<{
    functionName: string;
    created: boolean;
    version: string;
    versionArn: string;
    roleArn?: string;
    distribution?: { id: string; change: string; previous?: string };
  }>;
  main(
    argv: string[],
    deps?: { stdout?: (text: string) => void; stderr?: (text: string) => void; createClients?: (options: Options) => Promise<Clients>; io?: Io },
  ): Promise<number>;
}

export const loadDeploy = async (): Promise<DeployModule> => (await import(pathToFileURL(SCRIPT).href)) as DeployModule;
