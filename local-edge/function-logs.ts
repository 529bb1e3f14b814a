// What the function's own log lines say (one JSON line per decision): what it signed for, why
// it answered itself, and with x-sigv4-debug its canonical request and string to sign.
import type { LogEntry } from "./function-runtime.ts";

export interface FunctionLogSummary {
  readonly lines: ReadonlyArray<LogEntry & { readonly record?: Record<string, unknown> }>;
  /** `service/region` when it signed. */
  readonly signedFor?: string;
  readonly reason?: string;
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
}

export function summarizeFunctionLogs(logs: readonly LogEntry[]): FunctionLogSummary {
  const lines: Array<LogEntry & { record?: Record<string, unknown> }> = [];
  let summary: Omit<FunctionLogSummary, "lines"> = {};
  for (const entry of logs) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.line);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      lines.push(entry);
      continue;
    }
    const record = parsed as Record<string, unknown>;
    lines.push({ ...entry, record });
    const text = (name: string): string | undefined => (typeof record[name] === "string" ? (record[name] as string) : undefined);
    const service = text("service");
    const region = text("region");
    summary = {
      ...summary,
      ...(service && region && record.outcome === "signed" ? { signedFor: `${service}/${region}` } : {}),
      ...(text("reason") ? { reason: text("reason") } : {}),
      ...(text("canonicalRequest") !== undefined ? { canonicalRequest: text("canonicalRequest") } : {}),
      ...(text("stringToSign") !== undefined ? { stringToSign: text("stringToSign") } : {}),
    };
  }
  return { lines, ...summary };
}
