// Which cache behavior serves a request.

/** CloudFront path patterns: `*` any characters, `?` one; case-sensitive, on the URI as received. */
export function pathPatternMatches(pattern: string, uri: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s").test(uri);
}
