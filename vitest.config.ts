import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One bundle, built from the current src/ with the default configuration, for every test.
    globalSetup: ["test/global-setup.ts"],
    // The e2e tests start servers and child processes; the machine has two cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
