// What a verifier found wrong with a request, in AWS's terms: the error code, HTTP status and
// message S3 answers with (other services fold every failure into a 403 of their own), the
// extra elements of S3's error document, and a detail in words for people and tests. No
// finding ever carries a secret: a session token or secret key is never quoted.

export interface Finding {
  /** What failed, as AWS names it (`SignatureDoesNotMatch`, `HeadersNotSigned`, ...). */
  readonly code: string;
  /** The `Code` of S3's error document (`AccessDenied` for `HeadersNotSigned`); usually `code`. */
  readonly s3Code: string;
  /** The HTTP status S3 answers with. */
  readonly status: number;
  /** The message of S3's error document. */
  readonly message: string;
  /** Extra elements of S3's error document (`Region`, `HeadersNotSigned`, ...). */
  readonly fields: Readonly<Record<string, string>>;
  /** What is wrong, in words. */
  readonly detail: string;
}

export function finding(code: string, status: number, message: string, detail: string, fields: Record<string, string> = {}, s3Code = code): Finding {
  return { code, s3Code, status, message, fields, detail };
}

/** `Code: detail`, one line per finding. */
export function describeFinding(f: Finding): string {
  return `${f.code}: ${f.detail}`;
}

const MALFORMED = "The authorization header is malformed;";
const NO_SUCH_KEY = "The AWS Access Key Id you provided does not exist in our records.";

export function malformedAuthorization(reason: string, detail: string = reason, fields: Record<string, string> = {}): Finding {
  return finding("AuthorizationHeaderMalformed", 400, `${MALFORMED} ${reason}`, detail, fields);
}

export function unknownAccessKey(accessKeyId: string, detail: string): Finding {
  return finding("InvalidAccessKeyId", 403, NO_SUCH_KEY, detail, { AWSAccessKeyId: accessKeyId });
}

export function headersNotSigned(names: readonly string[], detail: string): Finding {
  const message = "There were headers present in the request which were not signed";
  return finding("HeadersNotSigned", 403, message, detail, { HeadersNotSigned: names.join(", ") }, "AccessDenied");
}

/** S3 cannot parse the path or query. */
export function invalidUri(path: string, detail: string): Finding {
  return finding("InvalidURI", 400, "Couldn't parse the specified URI.", detail, { URI: path });
}
