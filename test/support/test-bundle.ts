// The bundle every test runs: built once per `npm test` by test/global-setup.ts from the current
// src/ with the default configuration (never a user's edge-sigv4.config.json), by the same
// esbuild.config.mjs that `npm run build` and `deploy` use.
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dirname, "../..");
export const TEST_BUILD_DIR = join(REPO_ROOT, "node_modules/.cache/edge-sigv4-test");
export const TEST_BUNDLE = join(TEST_BUILD_DIR, "index.mjs");
export const TEST_ZIP = join(TEST_BUILD_DIR, "function.zip");
