// The properties can fail: each one, run on the built bundle wrapped so as to break it the way a
// real bug would, reports the breakage. (The wrappers live here only; the bundle is untouched.)
import type { CloudFrontRequest } from "aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyCase, garbledEvent, type PropertyCase, wellFormedCase } from "./arbitraries.ts";
import { useBundleHandler } from "./bundle-handler.ts";
import { KNOWN_ORIGINS } from "./known-origins.ts";
import { eventRequest, isRecord, observe } from "./observation.ts";
import { CLOUDFRONT_ACCEPTS, GARBAGE_ANSWERED, NEVER_THROWS, NO_SECRETS_LOGGED, type Property } from "./properties-edge.ts";
import { VIEWER_REQUEST_KEPT } from "./properties-fidelity.ts";
import { ANSWERS_WITH_REASON, AWS_NEVER_UNSIGNED, ORIGIN_DECIDES, signatureVerifies } from "./properties-signing.ts";
import type { Handler } from "./run-handler.ts";

const bundle = useBundleHandler();
/** The bundle's handler, which each broken handler wraps. */
const real: Handler = (event) => bundle()(event);

/** The first problem the property reports for the broken handler, or undefined when it reports none. */
async function problemFound(
  property: Property,
  broken: Handler,
  arbitrary: fc.Arbitrary<PropertyCase> = anyCase,
  boundMs = 2_000,
): Promise<string | undefined> {
  let problem: string | undefined;
  await fc.check(
    fc.asyncProperty(arbitrary, async (c) => {
      problem = property.check(await observe(broken, c, boundMs));
      return problem === undefined;
    }),
    { seed: 42, numRuns: 2_000, endOnFailure: true },
  );
  return problem;
}

const viewerRequest = (event: unknown): CloudFrontRequest | undefined => eventRequest(event);
const asRequest = (result: unknown): CloudFrontRequest | undefined =>
  isRecord(result) && !("status" in result) && isRecord(result.headers) ? (result as unknown as CloudFrontRequest) : undefined;
/** Runs the real handler, then lets `change` alter the request it returns. */
const changingResult =
  (change: (request: CloudFrontRequest, event: unknown) => void): Handler =>
  async (event) => {
    const copy = structuredClone(event);
    const result = await real(event);
    const request = asRequest(result);
    if (request) change(request, copy);
    return result;
  };
const SIGNED_ORIGINS = KNOWN_ORIGINS.filter((k) => k.expect.kind === "signed");

describe("each property catches a handler broken to break it", () => {
  it("1 catches a throw", async () => {
    const broken: Handler = (event) => {
      if (viewerRequest(event)?.querystring.includes("__proto__")) throw new TypeError("Cannot convert object to primitive value");
      return real(event);
    };
    expect(await problemFound(NEVER_THROWS, broken)).toMatch(/threw TypeError/);
  });

  it("1 catches a hang (here with a 50 ms bound)", async () => {
    const broken: Handler = (event) => (viewerRequest(event)?.method === "PATCH" ? new Promise(() => undefined) : real(event));
    expect(await problemFound(NEVER_THROWS, broken, anyCase, 50)).toMatch(/did not settle/);
  });

  it("2 catches a disallowed header added, a read-only header removed, and a signed request over the size limit", async () => {
    const adds = changingResult((request) => {
      request.headers["x-cache"] = [{ key: "X-Cache", value: "Hit from edge-sigv4" }];
    });
    expect(await problemFound(CLOUDFRONT_ACCEPTS, adds)).toMatch(/blacklisted header/);
    const removes = changingResult((request) => {
      delete request.headers["accept-encoding"];
    });
    expect(await problemFound(CLOUDFRONT_ACCEPTS, removes)).toMatch(/read-only header/);
    const pads = changingResult((request) => {
      if (request.headers.authorization) request.headers["x-padding"] = [{ key: "X-Padding", value: "p".repeat(20_000) }];
    });
    expect(await problemFound(CLOUDFRONT_ACCEPTS, pads)).toMatch(/over CloudFront's 20480/);
  });

  it("3 catches a signature over another query than the one sent", async () => {
    const broken = changingResult((request, event) => {
      request.querystring = viewerRequest(event)?.querystring ?? "";
    });
    expect(await problemFound(signatureVerifies({ oracle: 0, aws4: 0 }), broken, wellFormedCase(SIGNED_ORIGINS))).toMatch(
      /the origin refuses the signed request/,
    );
  });

  it("4 catches a viewer's x-sigv4-region choosing the region", async () => {
    const broken: Handler = (event) => {
      const request = viewerRequest(event);
      const chosen = request?.headers["x-sigv4-region"];
      const origin = request?.origin?.custom ?? request?.origin?.s3;
      if (chosen && origin) origin.customHeaders = { ...origin.customHeaders, "x-sigv4-region": chosen };
      return real(event);
    };
    expect(await problemFound(ORIGIN_DECIDES, broken, wellFormedCase(SIGNED_ORIGINS))).toMatch(/signed for .*\/us-west-1; origin .* implies/);
  });

  it("4 catches credentials sent to a non-AWS origin, and a viewer's S3 response override signed", async () => {
    const token = changingResult((request) => {
      request.headers["x-amz-security-token"] = [{ key: "X-Amz-Security-Token", value: process.env.AWS_SESSION_TOKEN ?? "" }];
    });
    expect(await problemFound(ORIGIN_DECIDES, token, wellFormedCase())).toMatch(/credentials were sent to a non-AWS origin/);
    const overrides: Handler = async (event) => {
      const request = viewerRequest(event);
      const wanted = request?.querystring.split("&").filter((piece) => /^response-/i.test(piece)) ?? [];
      // A function that forgets to drop them: they reach S3 (whether the signature still covers them is property 3's business).
      const result = await real(event);
      const returned = asRequest(result);
      if (returned && wanted.length > 0) returned.querystring = [returned.querystring, ...wanted].filter(Boolean).join("&");
      return result;
    };
    expect(await problemFound(ORIGIN_DECIDES, overrides, wellFormedCase(SIGNED_ORIGINS))).toMatch(/response overrides were signed/);
  });

  it("5 catches the session token logged, and the viewer's headers logged", async () => {
    const token: Handler = (event) => {
      if (viewerRequest(event)?.method === "DELETE") console.log(JSON.stringify({ msg: "signing", token: process.env.AWS_SESSION_TOKEN }));
      return real(event);
    };
    expect(await problemFound(NO_SECRETS_LOGGED, token)).toMatch(/the session token/);
    const headers: Handler = (event) => {
      console.log(JSON.stringify({ msg: "request", headers: viewerRequest(event)?.headers }));
      return real(event);
    };
    expect(await problemFound(NO_SECRETS_LOGGED, headers)).toMatch(/viewer's (Authorization|cookie)|cookie's value/);
  });

  it("6 catches an AWS-bound request forwarded unsigned", async () => {
    const broken: Handler = (event) => (viewerRequest(event)?.method === "POST" ? viewerRequest(event) : real(event));
    expect(await problemFound(AWS_NEVER_UNSIGNED, broken, wellFormedCase())).toMatch(/without the function's signature/);
  });

  it("7 catches an answer the event gives no reason for", async () => {
    const broken: Handler = (event) =>
      viewerRequest(event)?.headers.range
        ? { status: "502", statusDescription: "Bad Gateway", headers: {}, body: '{"message":"ranges unsupported"}' }
        : real(event);
    expect(await problemFound(ANSWERS_WITH_REASON, broken, wellFormedCase(SIGNED_ORIGINS))).toMatch(/answered 502/);
  });

  it("8 catches a query parameter dropped, and a viewer header dropped", async () => {
    const query = changingResult((request) => {
      request.querystring = request.querystring.split("&").slice(1).join("&");
    });
    expect(await problemFound(VIEWER_REQUEST_KEPT, query, wellFormedCase(SIGNED_ORIGINS))).toMatch(/the query sent is/);
    const header = changingResult((request) => {
      delete request.headers["content-type"];
    });
    expect(await problemFound(VIEWER_REQUEST_KEPT, header, wellFormedCase(SIGNED_ORIGINS))).toMatch(/viewer headers changed or lost: content-type/);
  });

  it("structural garbage: catches a handler that reads the event unchecked", async () => {
    type Shape = { Records: Array<{ cf: { request: { headers: { host: Array<{ value: string }> } } } }> };
    const broken: Handler = (event) => {
      // Logs before checking the event's shape.
      console.log(JSON.stringify({ msg: "request", host: (event as Shape).Records[0]?.cf.request.headers.host[0]?.value }));
      return real(event);
    };
    expect(
      await problemFound(
        GARBAGE_ANSWERED,
        broken,
        garbledEvent.map((event) => ({ event })),
      ),
    ).toMatch(/threw TypeError/);
  });
});
