import { percentDecode, uriEncode } from "./uri-encoding.ts";

/**
 * The canonical form of an S3 path: each segment decoded as S3 reads it (the object key), then
 * UriEncoded once with `/` left as is — an encoded `%2F` is a `/` in the key, and S3 signs the
 * key's slashes unencoded. S3 signs the path without a second encoding and without
 * normalization, so the path is rewritten to this form on the wire too: what is signed is byte
 * for byte what is sent.
 */
export function canonicalS3Path(path: string): string {
  return path
    .split("/")
    .map((segment) => uriEncode(percentDecode(segment, "path")).replace(/%2F/g, "/"))
    .join("/");
}
