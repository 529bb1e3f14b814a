// --dry-run: every AWS call the deploy would make, in order, with its region and key parameters,
// taken from the same steps the real run executes. No client, no credentials, no network; the
// local checks (the package with --no-build) run as in the real run. Calls that depend on what
// AWS answers are marked with the condition under which they happen.
import type { Options } from "./args.ts";
import { checkLocally, resolveIo } from "./deploy.ts";
import { REGION } from "./limits.ts";
import type { DeployState, Io, PlanItem } from "./step.ts";
import { STEPS } from "./steps.ts";

/** The plan for these options, and what the local checks learnt. Throws the same one-line errors as the real run's local checks. */
export function planWithState(options: Options, io: Io = {}): { items: PlanItem[]; state: DeployState } {
  const state: DeployState = {};
  checkLocally(options, state, resolveIo(io));
  return { items: STEPS.flatMap((step) => step.plan(options, state)), state };
}

/** The plan for these options. */
export const plan = (options: Options, io: Io = {}): PlanItem[] => planWithState(options, io).items;

const formatValue = (value: unknown): string => {
  const text = String(value);
  return /[\s"]/.test(text) ? JSON.stringify(text) : text;
};

/** The plan as text: one line per step. */
export function formatPlan(items: readonly PlanItem[], options: Options): string {
  const credentials = options.profile ? `profile ${options.profile}` : "the standard chain";
  const lines = [
    "dry run: no AWS call is made and no credentials are read",
    `clients: region ${REGION}${options.endpointUrl ? `, endpoint ${options.endpointUrl}` : ""}, credentials from ${credentials} when run for real`,
  ];
  items.forEach((item, index) => {
    const n = String(index + 1).padStart(2);
    if (item.kind === "local") {
      lines.push(`${n}. local       ${item.what}: ${item.detail}`);
      return;
    }
    const params = Object.entries(item.params)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(" ");
    lines.push(`${n}. ${item.service.padEnd(10)} ${item.region} ${item.operation} ${params}${item.when ? `   [if ${item.when}]` : ""}`);
  });
  return lines.join("\n");
}
