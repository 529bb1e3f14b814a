// Loads a bundle's handler as the Lambda Node.js runtime does: import() for an ES module,
// require() for a CommonJS one.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Handler } from "./events.ts";

/** The module's `handler` (or its default export's), or throws when there is none. */
export async function loadHandler(path: string): Promise<Handler> {
  const module: unknown = path.endsWith(".cjs") ? createRequire(import.meta.url)(path) : await import(pathToFileURL(path).href);
  const exports = (typeof module === "object" && module !== null ? module : {}) as { handler?: unknown; default?: { handler?: unknown } };
  const handler = exports.handler ?? exports.default?.handler;
  if (typeof handler !== "function") throw new Error("it exports no handler function");
  return handler as Handler;
}
