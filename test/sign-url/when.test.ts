// --expires / --not-before: Unix seconds, ISO-8601 or a duration from now.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../sign-url/usage-error.ts";
import { parseWhen } from "../../sign-url/when.ts";

const NOW = 1_767_290_400.75; // 2026-01-01T18:00:00.750Z

describe("parseWhen", () => {
  it.each([
    ["1767290400", 1767290400],
    ["+30s", 1767290430],
    ["+10m", 1767291000],
    ["+1h", 1767294000],
    ["+7d", 1767895200],
    ["2026-01-02", Date.UTC(2026, 0, 2) / 1000],
    ["2026-01-02T03:04:05Z", Date.UTC(2026, 0, 2, 3, 4, 5) / 1000],
    ["2026-01-02T03:04:05", Date.UTC(2026, 0, 2, 3, 4, 5) / 1000],
    ["2026-01-02T03:04", Date.UTC(2026, 0, 2, 3, 4) / 1000],
    ["2026-01-02T03:04:05.999Z", Date.UTC(2026, 0, 2, 3, 4, 5) / 1000],
    ["2026-01-02T04:04:05+01:00", Date.UTC(2026, 0, 2, 3, 4, 5) / 1000],
    ["2026-01-01T23:00:00-05:00", Date.UTC(2026, 0, 2, 4) / 1000],
  ])("%s", (text, expected) => expect(parseWhen(text, NOW, "--expires")).toBe(expected));

  it.each(["tomorrow", "", "+1w", "-1h", "1h", "2026-02-30", "2026-13-01", "2026-01-01T25:00:00Z", "01/02/2026", "1767290400.5"])(
    "refuses %j with one line naming the option",
    (text) => {
      expect(() => parseWhen(text, NOW, "--not-before")).toThrow(UsageError);
      expect(() => parseWhen(text, NOW, "--not-before")).toThrow(/^--not-before .* is not a time: give Unix seconds/);
    },
  );

  it("milliseconds are caught, not taken for a date 50000 years away", () => {
    expect(() => parseWhen("1767290400000", NOW, "--expires")).toThrow("--expires 1767290400000 looks like milliseconds; give Unix time in seconds");
  });
});
