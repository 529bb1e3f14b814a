// For a test file: the bundle under test's handler, loaded before the file's tests with the
// generators' credentials in the environment, which is restored after them.
import { afterAll, beforeAll } from "vitest";
import { type Handler, loadHandler, useTestCredentials } from "./run-handler.ts";

export function useBundleHandler(): () => Handler {
  let handler: Handler | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    handler = await loadHandler();
    restore = useTestCredentials();
  });
  afterAll(() => restore?.());
  return () => {
    if (!handler) throw new Error("the bundle under test is not loaded");
    return handler;
  };
}
