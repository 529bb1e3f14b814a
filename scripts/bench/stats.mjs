// Order statistics for the bench's samples.

/** The q-quantile (0..1) of the samples, linear interpolation between order statistics. */
export function quantile(samples, q) {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function median(samples) {
  return quantile(samples, 0.5);
}
