// The context a step runs in: its sends are checked against its own plan, and failures carry the
// call that failed (sends) or are cut to one line (waiters).

import type { Options } from "./args.ts";
import { DeployError, hasName, oneLine, withContext } from "./errors.ts";
import type { Clients, Sdk, Service } from "./sdk.ts";
import type { DeployState, OutputOf, PlanItem, ResolvedIo, RunContext } from "./step.ts";

const operationOf = (command: object): string => command.constructor.name.replace(/Command$/, "");

export function createRunContext(
  options: Options,
  clients: Clients,
  sdk: Sdk,
  io: ResolvedIo,
): { ctx: RunContext; enter: (step: string, plan: PlanItem[]) => void } {
  let current = { step: "", plan: [] as PlanItem[] };
  const planned = (service: Service, operation: string) => {
    if (!current.plan.some((item) => item.kind === "call" && item.service === service && item.operation === operation)) {
      throw new Error(`${service}:${operation} is not in the plan of the ${current.step} step: the dry run would not show it`);
    }
  };
  const state: DeployState = {};
  const ctx: RunContext = {
    options,
    clients,
    sdk,
    state,
    io,
    async send<C extends object>(service: Service, command: C, context = {}): Promise<OutputOf<C>> {
      const operation = operationOf(command);
      planned(service, operation);
      const client = clients[service] as unknown as { send(command: C): Promise<OutputOf<C>> };
      try {
        return await client.send(command);
      } catch (error) {
        throw withContext(error, { service, operation, ...context });
      }
    },
    async waitFor(what, service, operation, waiter) {
      planned(service, operation);
      try {
        await waiter();
      } catch (error) {
        throw waiterFailure(what, error);
      }
    },
  };
  const enter = (step: string, plan: PlanItem[]) => {
    current = { step, plan };
  };
  return { ctx, enter };
}

/**
 * Waiter failures carry the whole last response in their message (for GetFunction, a presigned
 * code URL): only the state and its reason are reported.
 */
function waiterFailure(what: string, error: unknown): DeployError {
  const { name, message } = error as { name?: string; message?: string };
  let reason = "";
  try {
    const result = JSON.parse(String(message)) as {
      reason?: string | { Configuration?: Record<string, string | undefined>; Distribution?: { Status?: string } };
    };
    if (typeof result?.reason === "string") reason = result.reason;
    else {
      const configuration = result?.reason?.Configuration;
      reason = [configuration?.State, configuration?.StateReason ?? configuration?.LastUpdateStatusReason, result?.reason?.Distribution?.Status]
        .filter(Boolean)
        .join(": ");
    }
  } catch {
    reason = name ?? "";
  }
  const hint = hasName(error, "TimeoutError") ? "it may still finish: check the console and run again" : "fix the cause and run again";
  return new DeployError(`waiting for ${what} failed${reason ? ` (${oneLine(reason)})` : ""}: ${hint}`);
}
