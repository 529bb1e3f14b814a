// The recorded events (test/events/) and their catalog (test/events/catalog.ts) stay in step.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_CATALOG, EVENTS_DIR } from "../events/catalog.ts";

const files = ((): string[] => {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) out.push(relative(EVENTS_DIR, p).split("\\").join("/"));
    }
  };
  walk(EVENTS_DIR);
  return out.sort();
})();

describe("the event corpus", () => {
  it("every event file has a catalog entry and every entry a file; at least 30 variants", () => {
    expect(files).toEqual(Object.keys(EVENT_CATALOG).sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it("stays small on disk (big bodies are generated)", () => {
    const total = files.reduce((n, f) => n + statSync(join(EVENTS_DIR, f)).size, 0);
    expect(total).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("covers every origin kind", () => {
    const kinds = new Set(files.map((f) => f.split("/")[0]));
    expect([...kinds].sort()).toEqual(["apigw", "custom", "lambda-url", "lambda-web", "malformed", "opensearch", "s3"]);
  });
});
