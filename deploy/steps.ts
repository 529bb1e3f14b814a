// The deploy, in order. The real run (deploy.ts) and the dry run (plan.ts) both walk this list.
import type { Step } from "./step.ts";
import { functionStep } from "./steps/function.ts";
import { keyGroupStep } from "./steps/key-group.ts";
import { originTrustStep } from "./steps/origin-trust.ts";
import { packageStep } from "./steps/package.ts";
import { roleStep } from "./steps/role.ts";
import { triggerStep } from "./steps/trigger.ts";
import { versionStep } from "./steps/version.ts";

export const STEPS: readonly Step[] = [packageStep, roleStep, functionStep, originTrustStep, versionStep, keyGroupStep, triggerStep];
