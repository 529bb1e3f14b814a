// The deploy as a function: deploy(options, clients, io) runs every step that the options ask
// for, with the AWS clients given (tests pass mocked ones), and returns what it did.
import type { Options } from "./args.ts";
import { createRunContext } from "./run-context.ts";
import { type Clients, loadSdk } from "./sdk.ts";
import type { DeployResult, DeployState, Io, ResolvedIo } from "./step.ts";
import { defaultBuild, readZipFile } from "./steps/package.ts";
import { STEPS } from "./steps.ts";

export function resolveIo(io: Io = {}): ResolvedIo {
  return {
    log: io.log ?? ((line) => process.stderr.write(`${line}\n`)),
    out: io.out ?? ((line) => process.stdout.write(`${line}\n`)),
    sleep: io.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms))),
    build: io.build ?? defaultBuild,
    readZip: io.readZip ?? readZipFile,
    waiterSeconds: { function: 300, distribution: 3600, ...io.waiterSeconds },
  };
}

/** Runs every step's local checks: bad input stops here, before any call. */
export function checkLocally(options: Options, state: DeployState, io: ResolvedIo): void {
  for (const step of STEPS) step.check?.(options, state, io);
}

/**
 * Deploys with the given clients (all us-east-1). `io` replaces the side effects for tests: log
 * (progress, stderr), out (the version ARN, stdout), sleep, build, readZip, waiterSeconds.
 */
export async function deploy(options: Options, clients: Clients, io: Io = {}): Promise<DeployResult> {
  const resolved = resolveIo(io);
  const { ctx, enter } = createRunContext(options, clients, await loadSdk(), resolved);
  checkLocally(options, ctx.state, resolved);
  for (const step of STEPS) {
    const plan = step.plan(options, ctx.state);
    if (plan.length === 0) continue;
    enter(step.name, plan);
    await step.run(ctx);
  }
  const { state } = ctx;
  return {
    functionName: options.functionName,
    created: state.created === true,
    version: String(state.version),
    versionArn: String(state.versionArn),
    ...(state.roleArn ? { roleArn: state.roleArn } : {}),
    ...(state.publicKeyId ? { keyPairId: state.publicKeyId } : {}),
    ...(state.keyGroupId ? { keyGroupId: state.keyGroupId } : {}),
    ...(state.distribution ? { distribution: state.distribution } : {}),
  };
}
