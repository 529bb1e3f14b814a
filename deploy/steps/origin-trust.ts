// Step 4, after the function exists: the trust policy each role the function assumes
// (cross-account origins) needs in its own account, filled with the function's execution role.
// Printed, never applied: those accounts are not the deploying identity's.
import { targetRoles, trustHints } from "../origin-roles.ts";
import { local, type Step } from "../step.ts";

export const originTrustStep: Step = {
  name: "origin-trust",
  plan(options, state) {
    const roles = targetRoles(options, state.originRoles);
    if (roles.length === 0) return [];
    const arns = roles.map((role) => role.roleArn).join(", ");
    return [local("origin side", `the trust policy ${arns} need for the execution role, printed for their accounts (below)`)];
  },
  async run({ options, state, io }) {
    for (const line of trustHints(targetRoles(options, state.originRoles), state.functionRoleArn ?? state.roleArn)) io.log(line);
  },
};
