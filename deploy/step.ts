// A deploy step: what it checks locally, the calls it may make (the dry run prints them), and
// how it runs. The real run and the dry run walk the same list of steps (deploy/steps.ts), and a
// step can only send a call its own plan lists: the plan and the run cannot drift apart.
import type { Handler } from "@smithy/types";
import type { Options } from "./args.ts";
import type { OriginRole } from "./build-config.ts";
import type { ErrorContext } from "./errors.ts";
import { REGION } from "./limits.ts";
import type { LocalPublicKey } from "./public-key.ts";
import type { Clients, Sdk, Service } from "./sdk.ts";

export type PlannedCall = { kind: "call"; service: Service; region: string; operation: string; params: Record<string, unknown>; when?: string };
export type PlannedLocal = { kind: "local"; what: string; detail: string };
export type PlanItem = PlannedCall | PlannedLocal;

/** A call the step may make; `when` says on what it depends (shown as [if ...]). */
export const call = (service: Service, operation: string, params: Record<string, unknown>, when?: string): PlannedCall => ({
  kind: "call",
  service,
  region: REGION,
  operation,
  params,
  ...(when ? { when } : {}),
});
export const local = (what: string, detail: string): PlannedLocal => ({ kind: "local", what, detail });

/** What the steps learn and hand on, in order. */
export type DeployState = {
  zip?: Uint8Array;
  /** The roles the build configuration's origins assume (cross-account origins). */
  originRoles?: OriginRole[];
  roleName?: string;
  roleArn?: string;
  roleIsNew?: boolean;
  created?: boolean;
  /** The function's execution role, as the function step found or created it. */
  functionRoleArn?: string;
  codeSha256?: string;
  version?: string;
  versionArn?: string;
  publicKey?: LocalPublicKey;
  publicKeyId?: string;
  keyGroupId?: string;
  distribution?: { id: string; change: string; previous?: string; trustedKeyGroup?: "added" | "unchanged" };
};

export type DeployResult = {
  functionName: string;
  created: boolean;
  version: string;
  versionArn: string;
  roleArn?: string;
  /** The public key's id: what signers pass as the key pair id. */
  keyPairId?: string;
  keyGroupId?: string;
  distribution?: DeployState["distribution"];
};

/** Side effects a test can replace; every one has a real default. */
export type Io = {
  log?: (line: string) => void;
  out?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  build?: (options: Options, log: (line: string) => void) => void;
  readZip?: (path: string) => Uint8Array;
  waiterSeconds?: { function?: number; distribution?: number };
};
export type ResolvedIo = Required<Omit<Io, "waiterSeconds">> & { waiterSeconds: { function: number; distribution: number } };

/** A command's output type, from the command itself. */
export type OutputOf<C> = C extends { resolveMiddleware(...args: never[]): Handler<infer _I, infer O> } ? O : never;

export type RunContext = {
  options: Options;
  clients: Clients;
  sdk: Sdk;
  state: DeployState;
  io: ResolvedIo;
  /** Sends a command its step planned; a failure carries which call failed (for the one-line explanation). */
  send<C extends object>(service: Service, command: C, context?: Omit<ErrorContext, "service" | "operation">): Promise<OutputOf<C>>;
  /** Runs an SDK waiter that polls `operation`; a failure becomes one line with the state and its reason. */
  waitFor(what: string, service: Service, operation: string, waiter: () => Promise<unknown>): Promise<void>;
};

export type Step = {
  name: string;
  /** Local checks, before any step runs and in the dry run: bad input stops before anything is created. */
  check?: (options: Options, state: DeployState, io: ResolvedIo) => void;
  /** Every call the step may make, in order; none when the options do not ask for this step. */
  plan: (options: Options, state: DeployState) => PlanItem[];
  run: (ctx: RunContext) => Promise<void>;
};
