// Step 5, a numbered version: Lambda@Edge cannot use $LATEST. Its ARN is the one line on stdout.
import { unqualifiedArn } from "../distribution.ts";
import { call, type Step } from "../step.ts";

export const versionStep: Step = {
  name: "version",
  plan(options) {
    return [
      call("lambda", "PublishVersion", { FunctionName: options.functionRef, CodeSha256: "of the upload" }),
      call("lambda", "GetFunction", { FunctionName: options.functionRef, Qualifier: "VERSION", waiter: "FunctionActiveV2" }),
    ];
  },
  async run(ctx) {
    const { options, state, io, sdk } = ctx;
    const published = await ctx.send(
      "lambda",
      new sdk.lambda.PublishVersionCommand({
        FunctionName: options.functionRef,
        CodeSha256: state.codeSha256,
        Description: `edge-sigv4 (${options.runtime}, ${options.memory} MB, ${options.timeout} s)`,
      }),
    );
    const version = String(published.Version);
    const versionArn = published.FunctionArn?.endsWith(`:${version}`) ? published.FunctionArn : `${unqualifiedArn(published.FunctionArn)}:${version}`;
    await ctx.waitFor(`version ${version} to become Active`, "lambda", "GetFunction", () =>
      sdk.lambda.waitUntilFunctionActiveV2(
        { client: ctx.clients.lambda, maxWaitTime: io.waiterSeconds.function },
        { FunctionName: options.functionRef, Qualifier: version },
      ),
    );
    io.log(`version: ${version} published: ${versionArn}`);
    io.out(versionArn);
    state.version = version;
    state.versionArn = versionArn;
  },
};
