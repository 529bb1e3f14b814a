export type LogLevel = "debug" | "info" | "warn" | "error";

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** One decision, written as one JSON line. Callers never put secrets in these fields. */
export type LogFields = { msg: string; requestId?: string } & Record<string, unknown>;

export interface Logger {
  readonly enabled: (level: LogLevel) => boolean;
  readonly debug: (fields: LogFields) => void;
  readonly info: (fields: LogFields) => void;
  readonly warn: (fields: LogFields) => void;
  readonly error: (fields: LogFields) => void;
}

export type LogSink = (line: string) => void;

// console.log is what Lambda ships to CloudWatch Logs, one event per call.
const consoleSink: LogSink = (line) => console.log(line);

export function createLogger(minimum: LogLevel, sink: LogSink = consoleSink): Logger {
  const threshold = LOG_LEVELS.indexOf(minimum);
  const enabled = (level: LogLevel): boolean => LOG_LEVELS.indexOf(level) >= threshold;
  // `level` goes first without copying the fields into a new object (this runs per request).
  const write = (level: LogLevel) => (fields: LogFields) => {
    if (enabled(level)) sink(`{"level":"${level}",${JSON.stringify(fields).slice(1)}`);
  };
  return {
    enabled,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
}
