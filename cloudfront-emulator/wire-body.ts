// Event bodies as bytes. CloudFront produces (and reads) strict RFC 4648 base64; Node's decoder
// would silently skip junk.
import type { CloudFrontRequest } from "aws-lambda";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isStrictBase64(data: string): boolean {
  return BASE64.test(data);
}

export function decodeBase64Strict(data: string): Buffer {
  if (!isStrictBase64(data)) throw new Error("the body data is not valid base64");
  return Buffer.from(data, "base64");
}

/** The bytes of an event body (`encoding` base64 or text). */
export function decodeEventBody(body: NonNullable<CloudFrontRequest["body"]>): Buffer {
  if (body.encoding === "base64") return decodeBase64Strict(body.data);
  if (body.encoding === "text") return Buffer.from(body.data, "utf8");
  throw new Error(`unknown body encoding ${String(body.encoding)}`);
}
