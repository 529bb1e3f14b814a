// Each way CloudFront refuses a request to a behavior with trusted key groups, through the edge:
// its 403 text/xml document with the code, before the function runs; a signed URL wins over
// signed cookies; and what reaches the origin (the echo) once the viewer is let in.
import { describe, expect, it } from "vitest";
import { send } from "./helpers.ts";
import {
  cannedUrl,
  cloudFrontBase64,
  customUrl,
  fromNow,
  refusalDocument,
  signedCookies,
  signWithNodeCrypto,
  targetOf,
  testKeys,
  useProtectedEdge,
} from "./viewer-access-helpers.ts";

const keys = testKeys();
const recording = useProtectedEdge([keys.rsa, keys.ecdsa], ["/demo/private/*", "/api/*"]);
const url = (path: string): string => `${recording.edge.url}${path}`;

// The messages CloudFront sends with each code (field notes; cloudfront-emulator/viewer-access/SOURCES.md).
const MESSAGES: Record<string, string> = {
  MissingKey: "Missing Key-Pair-Id query parameter or cookie value",
  InvalidKey: "Unknown Key",
  MalformedSignature: "Could not unencode Signature",
  MalformedPolicy: "Malformed Policy",
  AccessDenied: "Access denied",
};

async function expectRefused(target: string, code: string, reason: RegExp, cookie?: string): Promise<void> {
  const answer = await send(recording.edge.url, target, cookie === undefined ? {} : { headers: { Cookie: cookie } });
  expect(answer.status, answer.text).toBe(403);
  expect(answer.headers["content-type"]).toBe("text/xml");
  expect(answer.headers["x-cache"]).toBe("Error from cloudfront");
  expect(answer.text).toBe(refusalDocument(code, MESSAGES[code] ?? ""));
  const exchange = recording.lastExchange("GET", target);
  expect(exchange.outcome).toBe("viewer-access");
  expect(exchange.event).toBeUndefined();
  const line = recording.printed.filter((printed) => printed.startsWith("GET ")).at(-1) ?? "";
  expect(line).toContain(`viewer access refused: ${code}: `);
  expect(line).toMatch(reason);
  expect(line).not.toMatch(/Signature=(?!<redacted>)[\w~-]/);
}

describe("CloudFront's refusals, through the edge", () => {
  const object = "/demo/private/report.txt";

  it("MissingKey: no signature, or an empty Key-Pair-Id", async () => {
    await expectRefused(object, "MissingKey", /no Key-Pair-Id/);
    const empty = targetOf(cannedUrl(url(object), keys.rsa)).replace(/Key-Pair-Id=\w+/, "Key-Pair-Id=");
    await expectRefused(empty, "MissingKey", /no Key-Pair-Id/);
  });

  it("InvalidKey: a key pair id outside the trusted key group", async () => {
    await expectRefused(targetOf(cannedUrl(url(object), keys.stranger)), "InvalidKey", /key pair id K4STRANGER is not in a trusted key group/);
  });

  it("MalformedSignature: a signature that is not CloudFront's base64", async () => {
    const target = targetOf(cannedUrl(url(object), keys.rsa)).replace(/Signature=[^&]+/, "Signature=a+b/c=");
    await expectRefused(target, "MalformedSignature", /not URL-safe base64/);
  });

  it("MalformedPolicy: a policy that is not a policy (signed all the same)", async () => {
    const policy = "this is not JSON";
    const target = `${object}?Policy=${cloudFrontBase64(policy)}&Signature=${signWithNodeCrypto(keys.rsa, policy)}&Key-Pair-Id=${keys.rsa.id}`;
    await expectRefused(target, "MalformedPolicy", /not JSON/);
  });

  it("AccessDenied: expired, not yet valid, another viewer address, another URL, another key's signature", async () => {
    await expectRefused(targetOf(cannedUrl(url(object), keys.rsa, fromNow(-60))), "AccessDenied", /expired at /);
    const later = customUrl(url(object), keys.ecdsa, { resource: url(object), notBefore: fromNow(3600) });
    await expectRefused(targetOf(later), "AccessDenied", /not valid before /);
    const elsewhere = customUrl(url(object), keys.ecdsa, { resource: url("/demo/private/*"), sourceIp: "192.0.2.0/24" });
    await expectRefused(targetOf(elsewhere), "AccessDenied", /viewer 127\.0\.0\.1 is not in 192\.0\.2\.0\/24/);
    const other = targetOf(cannedUrl(url("/demo/private/other.txt"), keys.rsa)).replace("other.txt", "report.txt");
    await expectRefused(other, "AccessDenied", /signature does not verify/);
    const forged = targetOf(cannedUrl(url(object), keys.stranger)).replace("K4STRANGER", keys.rsa.id);
    await expectRefused(forged, "AccessDenied", /signature does not verify with key K2RSAEXAMPLE/);
    const cookies = signedCookies(keys.rsa, { resource: url("/demo/private/*"), expires: fromNow(-1) });
    await expectRefused(object, "AccessDenied", /expired at /, cookies);
  });
});

describe("a signed URL wins over signed cookies", () => {
  it("a valid URL with broken cookies is let in; an expired URL with valid cookies is refused", async () => {
    expect((await send(recording.edge.url, "/demo/private/both.txt", { method: "PUT", body: "both" })).status).toBe(403);
    const good = signedCookies(keys.ecdsa, { resource: url("/demo/private/*") });
    expect((await send(recording.edge.url, "/demo/private/both.txt", { method: "PUT", body: "both", headers: { Cookie: good } })).status).toBe(200);

    const broken = "CloudFront-Policy=e30_; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=K4STRANGER";
    const valid = targetOf(cannedUrl(url("/demo/private/both.txt"), keys.rsa));
    const letIn = await send(recording.edge.url, valid, { headers: { Cookie: broken } });
    expect([letIn.status, letIn.text]).toEqual([200, "both"]);
    expect(recording.printed.at(-1)).toMatch(/ 200 4B \d+ms s3\/us-east-1 \(signed URL, key K2RSAEXAMPLE\)$/);

    await expectRefused(targetOf(cannedUrl(url("/demo/private/both.txt"), keys.rsa, fromNow(-5))), "AccessDenied", /expired/, good);
    // Any signed-URL parameter makes it a signed URL: the cookies are then not looked at.
    await expectRefused("/demo/private/both.txt?Hash-Algorithm=SHA256", "MissingKey", /no Key-Pair-Id/, good);
  });
});

describe("what CloudFront forwards once the viewer is let in (the echo behind /api/*)", () => {
  it("the signed-URL parameters are removed from the query, the viewer's own are kept; the function signs that", async () => {
    const signed = cannedUrl(url("/api/echo?tag=a&tag=b&empty="), keys.ecdsa, fromNow(600), "SHA256");
    expect(signed).toContain("&Hash-Algorithm=SHA256");
    const answer = await send(recording.edge.url, targetOf(signed), { method: "POST", body: "hi" });
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text) as { query: string; headers: Record<string, string>; body: { length: number } };
    expect(echo.query).toBe("tag=a&tag=b&empty=");
    expect(echo.body.length).toBe(2);
    expect(recording.lastExchange("POST", targetOf(signed)).event?.Records[0]?.cf.request.querystring).toBe("tag=a&tag=b&empty=");
  });

  it("signed cookies are forwarded with the other cookies, unsigned", async () => {
    const cookie = `session=abc; ${signedCookies(keys.rsa, { resource: url("/api/*") })}`;
    const answer = await send(recording.edge.url, "/api/echo?n=1", { headers: { Cookie: cookie } });
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text) as { query: string; headers: Record<string, string>; signedHeaders: string[] };
    expect(echo.query).toBe("n=1");
    expect(echo.headers.cookie).toBe("<redacted>");
    expect(echo.signedHeaders).not.toContain("cookie");
    expect(recording.lastExchange("GET", "/api/echo?n=1").event?.Records[0]?.cf.request.headers.cookie?.[0]?.value).toBe(cookie);
  });
});
