// A custom policy's `Resource`: the URL, where "*" matches zero or more characters and "?" exactly
// one, anywhere in the string (developer guide, "Values that you specify in the policy statement
// for a signed URL that uses a custom policy"). Matched against the whole URL, query included.

/**
 * Whether `url` matches the `Resource` pattern. Iterative glob matching with one backtrack point,
 * so a hostile pattern ("*a*a*a*...") costs O(pattern × url) at worst, never exponential time.
 */
export function matchesResource(pattern: string, url: string): boolean {
  let p = 0;
  let u = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (u < url.length) {
    const wanted = pattern[p];
    if (wanted === "*") {
      starAt = p++;
      resumeAt = u;
    } else if (wanted !== undefined && (wanted === "?" || wanted === url[u])) {
      p++;
      u++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      u = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
