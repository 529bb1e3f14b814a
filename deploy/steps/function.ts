// Step 3, the function in us-east-1: create it (with the role) or upload the new code, then bring
// its configuration to what Lambda@Edge and the options want, waiting for each update.
import type { GetFunctionCommandOutput, Runtime } from "@aws-sdk/client-lambda";
import type { Options } from "../args.ts";
import { DeployError, hasName } from "../errors.ts";
import { ARCHITECTURE, HANDLER, REGION, RETIRED_RUNTIMES, ROLE_PROPAGATION_ATTEMPTS, ROLE_PROPAGATION_DELAY_MS } from "../limits.ts";
import { call, local, type RunContext, type Step } from "../step.ts";
import { plannedRoleArn } from "./role.ts";

export type DesiredConfiguration = { Runtime: string; Handler: string; MemorySize: number; Timeout: number; Role?: string };
export type ConfigurationChanges = Partial<DesiredConfiguration> & { Environment?: { Variables: Record<string, string> } };
/** The part of GetFunction's Configuration that is compared. */
export type CurrentConfiguration = Partial<Omit<DesiredConfiguration, "Runtime">> & { Runtime?: string; Environment?: { Variables?: Record<string, string> } };

/**
 * The configuration changes an existing function needs to match what Lambda@Edge and the
 * options want, or undefined when none. Environment variables are cleared: Lambda@Edge rejects
 * functions that have any.
 */
export function configurationChanges(current: CurrentConfiguration | undefined, desired: DesiredConfiguration): ConfigurationChanges | undefined {
  const changes: ConfigurationChanges = {};
  if (current?.Runtime !== desired.Runtime) changes.Runtime = desired.Runtime;
  if (current?.Handler !== desired.Handler) changes.Handler = desired.Handler;
  if (current?.MemorySize !== desired.MemorySize) changes.MemorySize = desired.MemorySize;
  if (current?.Timeout !== desired.Timeout) changes.Timeout = desired.Timeout;
  if (desired.Role && current?.Role !== desired.Role) changes.Role = desired.Role;
  if (Object.keys(current?.Environment?.Variables ?? {}).length > 0) changes.Environment = { Variables: {} };
  return Object.keys(changes).length > 0 ? changes : undefined;
}

const describe = (changes: ConfigurationChanges): string =>
  Object.entries(changes)
    .map(([key, value]) => (key === "Environment" ? "environment variables removed (Lambda@Edge rejects them)" : `${key} ${value}`))
    .join(", ");

async function create(ctx: RunContext, desired: DesiredConfiguration, roleArn: string): Promise<void> {
  const { options, state, io, sdk } = ctx;
  const name = options.functionName;
  io.log(`function: creating ${name} in ${REGION} (${options.runtime}, ${ARCHITECTURE}, ${options.memory} MB, ${options.timeout} s, handler ${HANDLER})`);
  const input = {
    FunctionName: name,
    ...desired,
    Runtime: desired.Runtime as Runtime,
    Role: roleArn,
    PackageType: "Zip" as const,
    Architectures: [ARCHITECTURE as "x86_64"],
    Code: { ZipFile: state.zip },
    Description: "edge-sigv4: SigV4-signs CloudFront origin requests (Lambda@Edge origin-request)",
    Publish: false,
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      state.codeSha256 = (await ctx.send("lambda", new sdk.lambda.CreateFunctionCommand(input))).CodeSha256;
      break;
    } catch (error) {
      const propagating = state.roleIsNew === true && hasName(error, "InvalidParameterValueException") && /assume/i.test((error as Error).message ?? "");
      if (!propagating || attempt >= ROLE_PROPAGATION_ATTEMPTS) throw error;
      io.log(
        `function: the new role is not usable by Lambda yet (IAM propagation): retrying in ${ROLE_PROPAGATION_DELAY_MS / 1000} s (${attempt}/${ROLE_PROPAGATION_ATTEMPTS - 1})`,
      );
      await io.sleep(ROLE_PROPAGATION_DELAY_MS);
    }
  }
  await ctx.waitFor(`function ${name} to become Active`, "lambda", "GetFunction", () =>
    sdk.lambda.waitUntilFunctionActiveV2({ client: ctx.clients.lambda, maxWaitTime: io.waiterSeconds.function }, { FunctionName: options.functionRef }),
  );
  state.created = true;
}

async function configure(ctx: RunContext, changes: ConfigurationChanges): Promise<void> {
  const { options, io, sdk } = ctx;
  io.log(`function: updating the configuration: ${describe(changes)}`);
  const { Runtime: runtime, ...rest } = changes;
  const input = { FunctionName: options.functionRef, ...(runtime ? { Runtime: runtime as Runtime } : {}), ...rest };
  await ctx.send("lambda", new sdk.lambda.UpdateFunctionConfigurationCommand(input));
  await ctx.waitFor(`the configuration update of ${options.functionName}`, "lambda", "GetFunction", () =>
    sdk.lambda.waitUntilFunctionUpdatedV2({ client: ctx.clients.lambda, maxWaitTime: io.waiterSeconds.function }, { FunctionName: options.functionRef }),
  );
}

async function update(ctx: RunContext, existing: GetFunctionCommandOutput, desired: DesiredConfiguration): Promise<void> {
  const { options, state, io, sdk } = ctx;
  const name = options.functionName;
  const current = existing.Configuration ?? {};
  if (current.PackageType === "Image") {
    throw new DeployError(`function ${name} is a container image function: Lambda@Edge needs a .zip function; choose another --function-name`);
  }
  // Lambda refuses code updates of a function on a retired runtime, but not moving it off one.
  const retired = current.Runtime !== undefined && RETIRED_RUNTIMES[current.Runtime] !== undefined;
  if (retired) await configure(ctx, { Runtime: desired.Runtime });
  io.log(`function: updating the code of ${name} in ${REGION}`);
  const code = { FunctionName: options.functionRef, ZipFile: state.zip, Architectures: [ARCHITECTURE as "x86_64"] };
  state.codeSha256 = (await ctx.send("lambda", new sdk.lambda.UpdateFunctionCodeCommand(code))).CodeSha256;
  await ctx.waitFor(`the code update of ${name}`, "lambda", "GetFunction", () =>
    sdk.lambda.waitUntilFunctionUpdatedV2({ client: ctx.clients.lambda, maxWaitTime: io.waiterSeconds.function }, { FunctionName: options.functionRef }),
  );
  const changes = configurationChanges(retired ? { ...current, Runtime: desired.Runtime } : current, desired);
  if (changes) await configure(ctx, changes);
}

const desiredOf = (options: Options, roleArn: string | undefined): DesiredConfiguration => ({
  Runtime: options.runtime,
  Handler: HANDLER,
  MemorySize: options.memory,
  Timeout: options.timeout,
  ...(roleArn ? { Role: roleArn } : {}),
});

export const functionStep: Step = {
  name: "function",
  plan(options, state) {
    const ref = options.functionRef;
    const roleArn = state.roleArn ?? plannedRoleArn(options);
    const { Role: _role, ...configuration } = desiredOf(options, undefined);
    const waiter = (name: string, when: string) => call("lambda", "GetFunction", { FunctionName: ref, waiter: name }, when);
    const retired = Object.keys(RETIRED_RUNTIMES).join(", ");
    return [
      call("lambda", "GetFunction", { FunctionName: ref }),
      ...(roleArn
        ? [
            call(
              "lambda",
              "CreateFunction",
              { FunctionName: options.functionName, ...configuration, Architectures: ARCHITECTURE, Role: roleArn, ZipFile: options.zip, Environment: "none" },
              "GetFunction: ResourceNotFoundException",
            ),
            waiter("FunctionActiveV2", "created"),
          ]
        : [local("create", "if the function does not exist the deploy stops here: creating it needs --role-arn ARN or --create-role NAME")]),
      call("lambda", "UpdateFunctionConfiguration", { FunctionName: ref, Runtime: options.runtime }, `its runtime is retired (${retired}): first`),
      waiter("FunctionUpdatedV2", `its runtime is retired (${retired})`),
      call("lambda", "UpdateFunctionCode", { FunctionName: ref, ZipFile: options.zip, Architectures: ARCHITECTURE }, "the function exists"),
      waiter("FunctionUpdatedV2", "the function exists"),
      call(
        "lambda",
        "UpdateFunctionConfiguration",
        { FunctionName: ref, ...configuration, ...(options.roleArn ? { Role: roleArn } : {}), Environment: "cleared if set" },
        "its configuration differs",
      ),
      waiter("FunctionUpdatedV2", "its configuration was updated"),
    ];
  },
  async run(ctx) {
    const { options, state, sdk } = ctx;
    let existing: GetFunctionCommandOutput | undefined;
    try {
      existing = await ctx.send("lambda", new sdk.lambda.GetFunctionCommand({ FunctionName: options.functionRef }));
    } catch (error) {
      if (!hasName(error, "ResourceNotFoundException")) throw error;
    }
    const desired = desiredOf(options, state.roleArn);
    state.functionRoleArn = desired.Role ?? existing?.Configuration?.Role;
    if (existing) return update(ctx, existing, desired);
    if (!state.roleArn) {
      throw new DeployError(
        `function ${options.functionName} does not exist in ${REGION}: creating it needs an execution role: pass --create-role NAME or --role-arn ARN`,
      );
    }
    await create(ctx, desired, state.roleArn);
  },
};
