// `--expires` / `--not-before` values: Unix seconds, an ISO-8601 time, or a duration from now.
import { UsageError } from "./usage-error.ts";

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The Unix time (whole seconds) that `text` names, `now` being the current Unix time in seconds.
 * "1767290400"; "2026-01-01", "2026-01-01T12:00:00Z", "2026-01-01T13:00+01:00" (no zone: UTC);
 * "+30s", "+10m", "+1h", "+7d". Throws a UsageError naming `option` otherwise.
 */
export function parseWhen(text: string, now: number, option: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    if (seconds >= 1e11) throw new UsageError(`${option} ${trimmed} looks like milliseconds; give Unix time in seconds`);
    return seconds;
  }
  const duration = /^\+(\d+)([smhd])$/.exec(trimmed);
  if (duration) return Math.floor(now) + Number(duration[1]) * (UNIT_SECONDS[duration[2] ?? "s"] ?? 1);
  const iso = ISO_8601.exec(trimmed);
  if (iso && isCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    const normalized = iso[4] === undefined ? `${trimmed}T00:00:00Z` : iso[7] === undefined ? `${trimmed}Z` : trimmed;
    const ms = Date.parse(normalized);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new UsageError(
    `${option} ${JSON.stringify(text)} is not a time: give Unix seconds (1767290400), an ISO-8601 time (2026-01-01T12:00:00Z) or a duration (+10m, +1h, +7d)`,
  );
}
