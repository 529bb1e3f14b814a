// Order statistics for the bench's samples.

/** The q-quantile (0..1) of the samples, linear interpolation between order statistics; NaN for none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const position = (sorted.length - 1) * q;
  const low = sorted[Math.floor(position)] ?? Number.NaN;
  const high = sorted[Math.ceil(position)] ?? Number.NaN;
  return low + (high - low) * (position - Math.floor(position));
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** a / b when both are finite numbers and b > 0, else null. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return typeof a === "number" && typeof b === "number" && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
}
