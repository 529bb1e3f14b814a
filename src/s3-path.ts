import { percentDecode, uriEncode } from "./uri-encoding.js";

/**
 * The canonical form of an S3 path: each segment decoded as S3 reads it, then UriEncoded once.
 * S3 signs the path without a second encoding and without normalization, so the path is
 * rewritten to this form on the wire too: what is signed is byte for byte what is sent.
 */
export function canonicalS3Path(path: string): string {
  return path
    .split("/")
    .map((segment) => uriEncode(percentDecode(segment, "path")))
    .join("/");
}
