// S3 honours response-* overrides only on signed requests: a viewer's are dropped for S3 origins
// (unless allowed), and the query string written back is the one that was signed.
import { describe, expect, it } from "vitest";
import { BUCKET, customOrigin, LAMBDA_URL, makeEvent, s3Origin, signed } from "./fixtures.ts";
import { signedCanonicalRequest } from "./signature-oracle.ts";

const OVERRIDES =
  "response-content-type=text%2Fhtml&response-content-disposition=inline&response-cache-control=no-cache" +
  "&response-content-encoding=gzip&response-content-language=fr&response-expires=0";
const OBJECT_LAMBDA = "resize-123456789012.s3-object-lambda.us-east-2.amazonaws.com";

describe("S3 response overrides from the viewer", () => {
  it.each([
    ["an S3 origin", s3Origin(BUCKET)],
    ["an S3 REST endpoint as a custom origin", customOrigin(BUCKET)],
    ["an S3 Object Lambda access point", customOrigin(OBJECT_LAMBDA)],
  ])("are dropped for %s; versionId, partNumber and a bare name stay, signed as sent", async (_name, origin) => {
    const event = makeEvent({ uri: "/upload.bin", querystring: `versionId=v1&${OVERRIDES}&Response-Content-Type=text%2Fhtml&partNumber=2&x`, origin });
    const { request, logs } = await signed(event, { config: { logLevel: "debug" } });
    expect(request.querystring).toBe("versionId=v1&partNumber=2&x=");
    expect(signedCanonicalRequest(request, logs)[2]).toBe("partNumber=2&versionId=v1&x=");
    expect(logs.find((line) => line.msg === "signed")?.droppedQuery).toEqual([
      "response-content-type",
      "response-content-disposition",
      "response-cache-control",
      "response-content-encoding",
      "response-content-language",
      "response-expires",
      "response-content-type",
    ]);
  });

  it("keep S3's list and multipart parameters", async () => {
    const querystring = "list-type=2&prefix=photos%2F&delimiter=%2F&continuation-token=abc&max-keys=10&uploads&uploadId=u1";
    const { request } = await signed(makeEvent({ querystring, origin: s3Origin(BUCKET) }));
    expect(request.querystring).toBe("list-type=2&prefix=photos%2F&delimiter=%2F&continuation-token=abc&max-keys=10&uploads=&uploadId=u1");
  });

  it("pass the ones the operator allows (allowViewerQueryOverrides), signed", async () => {
    const event = makeEvent({
      querystring: "response-content-disposition=attachment%3B%20filename%3Dr.pdf&response-content-type=text%2Fhtml",
      origin: s3Origin(BUCKET),
    });
    const { request, logs } = await signed(event, { config: { logLevel: "debug", allowViewerQueryOverrides: ["response-content-disposition"] } });
    expect(request.querystring).toBe("response-content-disposition=attachment%3B%20filename%3Dr.pdf");
    expect(signedCanonicalRequest(request, logs)[2]).toBe("response-content-disposition=attachment%3B%20filename%3Dr.pdf");
  });

  it("are ordinary parameters for origins that are not S3", async () => {
    const { request } = await signed(makeEvent({ querystring: "response-content-type=x", origin: customOrigin(LAMBDA_URL) }));
    expect(request.querystring).toBe("response-content-type=x");
  });
});
