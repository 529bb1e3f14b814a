import { REGION_PATTERN } from "./aws-host.ts";

/** The region set of a signature good in any Region. */
export const ANY_REGION = "*";

/**
 * A SigV4A region set as sent in X-Amz-Region-Set: `*` alone, or Regions (an array, or a
 * comma-separated string), lowercased and joined with ",". Undefined when it is neither.
 */
export function parseRegionSet(value: unknown): string | undefined {
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
  const regions = items.map((item) => (typeof item === "string" ? item.trim().toLowerCase() : ""));
  if (regions.length === 1 && regions[0] === ANY_REGION) return ANY_REGION;
  return regions.length > 0 && regions.every((region) => REGION_PATTERN.test(region)) ? regions.join(",") : undefined;
}
