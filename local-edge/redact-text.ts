// The one set of masking rules for every line a tool prints (the local edge's log and notes,
// sign-event's stderr and JSON): literal secrets, signatures, session tokens and cookies.
const MASK = "<redacted>";

/**
 * A signed URL's (or an Authorization value's) `Signature=...`: base64 with `-_~`, or hex. It ends
 * at what cannot be part of it, so a quoted (JSON) value keeps its closing quote.
 */
export function maskSignatureParameter(text: string): string {
  return text.replace(/(^|[?&\s])Signature=(?!<redacted>)[^&\s"'<>,;]*/g, `$1Signature=${MASK}`);
}

/** Masks the literal secrets (8 characters or more) and the usual secret-bearing patterns in `text`. */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join(MASK);
  return (
    maskSignatureParameter(out)
      // 64 hex digits for SigV4, an ECDSA signature's DER in hex (about 140) for SigV4A; also X-Amz-Signature=.
      .replace(/(Signature=)[0-9a-f]{64,}/g, `$1${MASK}`)
      .replace(/(x-amz-security-token:)(?!<redacted>)[^\n"\\]*/gi, `$1${MASK}`)
      .replace(/(<SignatureProvided>)[^<]*/g, `$1${MASK}`)
      // S3's InvalidToken error body carries the token it refused.
      .replace(/(<Token-(\d+)>)[^<]*(<\/Token-\2>)/g, `$1${MASK}$3`)
      .replace(/((?:^|\n)\s*cookie:\s*)[^\n]*/gi, `$1${MASK}`)
      .replace(/("cookie"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${MASK}"`)
  );
}

/** The last `limit` distinct secrets added, oldest dropped first: credentials refresh, earlier ones still need masking. */
export class RecentSecrets {
  readonly #limit: number;
  readonly #secrets: string[] = [];
  constructor(limit: number) {
    this.#limit = limit;
  }
  add(...secrets: ReadonlyArray<string | undefined>): void {
    for (const secret of secrets) {
      if (!secret || this.#secrets.includes(secret)) continue;
      this.#secrets.push(secret);
      if (this.#secrets.length > this.#limit) this.#secrets.shift();
    }
  }
  values(): readonly string[] {
    return this.#secrets;
  }
}
