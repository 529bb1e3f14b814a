// The URL to sign: what the viewer will request from CloudFront.
import { SIGNED_URL_PARAMETERS } from "../cloudfront-emulator/viewer-access/index.ts";
import { UsageError } from "./usage-error.ts";

/** `text` when it is an absolute http(s) URL that can be signed as it is; a UsageError otherwise. */
export function checkedTargetUrl(text: string): string {
  if (!/^https?:\/\/[^/?#]+/i.test(text)) throw new UsageError(`the URL must be absolute http:// or https:// (got ${JSON.stringify(text)})`);
  if (text.includes("#")) throw new UsageError("the URL has a #fragment; browsers never send it, so sign the URL without it");
  if (/[^\x21-\x7e]/.test(text))
    throw new UsageError("the URL has spaces or non-ASCII characters; percent-encode them (%20, %C3%A9) as the viewer will send them");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`the URL ${JSON.stringify(text)} does not parse`);
  }
  const reserved = [...url.searchParams.keys()].find((name) => SIGNED_URL_PARAMETERS.includes(name));
  if (reserved !== undefined) throw new UsageError(`the URL already has CloudFront's ${reserved} parameter; give it without the signing parameters`);
  return text;
}
