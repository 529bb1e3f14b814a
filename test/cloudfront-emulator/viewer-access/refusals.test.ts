// Every way a request is refused, with CloudFront's code, message and response. The signed values
// are made here with node:crypto over hand-written policy documents, not with sign-url.
import { describe, expect, it } from "vitest";
import { checkViewerAccess, type ViewerAccessDecision } from "../../../cloudfront-emulator/viewer-access/index.ts";
import { cloudFrontBase64, signWithNodeCrypto, testKeys, trustedKeys, viewerRequest } from "./viewer-fixtures.ts";

const NOW = 1_900_000_000;
const keys = testKeys();
const trusted = trustedKeys(keys.rsa, keys.ecdsa);
const BASE = "https://d111111abcdef8.cloudfront.net/private/a.txt";
const canned = (url: string, expires: number) => `{"Statement":[{"Resource":"${url}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
const cannedUrl = (expires = NOW + 60, key = keys.rsa) =>
  `${BASE}?Expires=${expires}&Signature=${signWithNodeCrypto(key, canned(BASE, expires))}&Key-Pair-Id=${key.id}`;
const customUrl = (policy: string, key = keys.rsa, hash: "sha1" | "sha256" = "sha1") =>
  `${BASE}?Policy=${cloudFrontBase64(policy)}&Signature=${signWithNodeCrypto(key, policy, hash)}&Key-Pair-Id=${key.id}${hash === "sha256" ? "&Hash-Algorithm=SHA256" : ""}`;
const check = (url: string, options: Parameters<typeof viewerRequest>[1] = {}, now = NOW): ViewerAccessDecision =>
  checkViewerAccess(viewerRequest(url, options), trusted, now);
const codeOf = (decision: ViewerAccessDecision) => (decision.allowed ? "allowed" : decision.code);

it("the hand-made URLs are accepted as they are (so each refusal below is the one change)", () => {
  expect(check(cannedUrl()).allowed).toBe(true);
  expect(check(customUrl(`{"Statement":[{"Resource":"${BASE}","Condition":{"DateLessThan":{"AWS:EpochTime":${NOW + 60}}}}]}`)).allowed).toBe(true);
});

describe("the response is CloudFront's: 403, text/xml, <Error><Code/><Message/></Error>", () => {
  it.each([
    ["MissingKey", BASE, "Missing Key-Pair-Id query parameter or cookie value"],
    ["InvalidKey", cannedUrl(NOW + 60, keys.stranger), "Unknown Key"],
    ["MalformedSignature", `${BASE}?Expires=${NOW + 60}&Signature=not*base64&Key-Pair-Id=${keys.rsa.id}`, "Could not unencode Signature"],
    ["MalformedPolicy", `${BASE}?Policy=e30_&Signature=AAAA&Key-Pair-Id=${keys.rsa.id}`, "Malformed Policy"],
    ["AccessDenied", cannedUrl(NOW - 1), "Access denied"],
  ])("%s", (code, url, message) => {
    const decision = check(url);
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.code).toBe(code);
    expect(decision.response).toEqual({
      status: "403",
      statusDescription: "Forbidden",
      headers: { "content-type": [{ key: "Content-Type", value: "text/xml" }] },
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    });
  });
});

describe("MissingKey", () => {
  it.each([
    ["no signing parameters or cookies at all", BASE, undefined],
    ["an empty Key-Pair-Id", `${BASE}?Expires=${NOW + 60}&Signature=AAAA&Key-Pair-Id=`, undefined],
    ["signed cookies without CloudFront-Key-Pair-Id", BASE, `CloudFront-Expires=${NOW + 60}; CloudFront-Signature=AAAA`],
    ["a URL with only Hash-Algorithm: a signed URL, so the good cookies are not looked at", `${BASE}?Hash-Algorithm=SHA1`, "cookies"],
  ])("%s", (_name, url, cookie) => {
    const good = new URL(cannedUrl()).searchParams;
    const cookies =
      cookie === "cookies"
        ? `CloudFront-Expires=${good.get("Expires")}; CloudFront-Signature=${good.get("Signature")}; CloudFront-Key-Pair-Id=${good.get("Key-Pair-Id")}`
        : cookie;
    expect(codeOf(check(url, cookies === undefined ? {} : { cookie: cookies }))).toBe("MissingKey");
  });
});

it("InvalidKey: a key pair id outside the trusted key groups", () => {
  expect(codeOf(check(cannedUrl().replace(keys.rsa.id, "KUNKNOWN")))).toBe("InvalidKey");
});

describe("MalformedSignature", () => {
  it.each([
    ["no Signature", `${BASE}?Expires=${NOW + 60}&Key-Pair-Id=${keys.rsa.id}`],
    ["standard base64 instead of CloudFront's (+ and /)", `${BASE}?Expires=${NOW + 60}&Signature=ab+c/d==&Key-Pair-Id=${keys.rsa.id}`],
    ["an impossible length", `${BASE}?Expires=${NOW + 60}&Signature=abcde&Key-Pair-Id=${keys.rsa.id}`],
    ["padding in the middle", `${BASE}?Expires=${NOW + 60}&Signature=ab_cd~~~&Key-Pair-Id=${keys.rsa.id}`],
  ])("%s", (_name, url) => expect(codeOf(check(url))).toBe("MalformedSignature"));
});

describe("MalformedPolicy", () => {
  const policyUrl = (policyParameter: string) => `${BASE}?Policy=${policyParameter}&Signature=AAAA&Key-Pair-Id=${keys.rsa.id}`;
  const statement = (condition: string, resource = `"Resource":"${BASE}",`) => `{"Statement":[{${resource}"Condition":${condition}}]}`;
  it.each([
    ["Policy that is not base64", policyUrl("not*base64")],
    ["Policy that is not JSON", policyUrl(cloudFrontBase64("Statement: yes"))],
    ["no DateLessThan", policyUrl(cloudFrontBase64(statement(`{"DateGreaterThan":{"AWS:EpochTime":1}}`)))],
    ["a quoted AWS:EpochTime", policyUrl(cloudFrontBase64(statement(`{"DateLessThan":{"AWS:EpochTime":"${NOW + 60}"}}`)))],
    [
      "two statements",
      policyUrl(cloudFrontBase64(`{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}},{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}`)),
    ],
    ["an unknown condition", policyUrl(cloudFrontBase64(statement(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}},"StringLike":{"a":"b"}}`)))],
    [
      "an IPv6 AWS:SourceIp",
      policyUrl(cloudFrontBase64(statement(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}},"IpAddress":{"AWS:SourceIp":"2001:db8::/32"}}`))),
    ],
    ["a Resource that is not a string", policyUrl(cloudFrontBase64(statement(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}}}`, `"Resource":["${BASE}"],`)))],
    ["a canned URL whose Expires is not a number", `${BASE}?Expires=soon&Signature=AAAA&Key-Pair-Id=${keys.rsa.id}`],
    ["neither Expires nor Policy", `${BASE}?Signature=AAAA&Key-Pair-Id=${keys.rsa.id}`],
  ])("%s", (_name, url) => expect(codeOf(check(url))).toBe("MalformedPolicy"));

  it("a policy with whitespace and no Resource is not malformed (the guide's older examples carry whitespace)", () => {
    const policy = `{ "Statement": [ { "Condition": { "DateLessThan": { "AWS:EpochTime": ${NOW + 60} } } } ] }\n`;
    expect(check(customUrl(policy))).toMatchObject({ allowed: true, policy: "custom" });
  });
});

describe("AccessDenied", () => {
  const custom = (condition: string, resource = BASE) => `{"Statement":[{"Resource":"${resource}","Condition":${condition}}]}`;
  it("expired: at DateLessThan and after", () => {
    expect(check(cannedUrl(NOW + 1), {}, NOW + 0.999).allowed).toBe(true);
    expect(codeOf(check(cannedUrl(NOW)))).toBe("AccessDenied");
    expect(check(cannedUrl(NOW))).toMatchObject({ reason: expect.stringMatching(/^expired at /) });
  });
  it("not yet valid: on or before DateGreaterThan", () => {
    const url = customUrl(custom(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}},"DateGreaterThan":{"AWS:EpochTime":${NOW}}}`));
    expect(codeOf(check(url))).toBe("AccessDenied");
    expect(check(url, {}, NOW + 1).allowed).toBe(true);
  });
  it("a viewer outside AWS:SourceIp, or on IPv6", () => {
    const url = customUrl(custom(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}},"IpAddress":{"AWS:SourceIp":"203.0.113.5"}}`));
    expect(check(url, { clientIp: "203.0.113.5" }).allowed).toBe(true);
    expect(codeOf(check(url, { clientIp: "203.0.113.6" }))).toBe("AccessDenied");
    expect(codeOf(check(url, { clientIp: "2001:db8::5" }))).toBe("AccessDenied");
  });
  it("a URL the Resource does not match", () => {
    expect(codeOf(check(customUrl(custom(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}}}`, "https://d111111abcdef8.cloudfront.net/public/?.txt"))))).toBe(
      "AccessDenied",
    );
    expect(check(customUrl(custom(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}}}`, "https://d111111abcdef8.cloudfront.net/private/?.txt"))).allowed).toBe(
      true,
    );
  });
  it("a signature by another key, or over another URL", () => {
    const byStranger = `${BASE}?Expires=${NOW + 60}&Signature=${signWithNodeCrypto(keys.stranger, canned(BASE, NOW + 60))}&Key-Pair-Id=${keys.rsa.id}`;
    expect(codeOf(check(byStranger))).toBe("AccessDenied");
    const otherUrl = `${BASE}?Expires=${NOW + 60}&Signature=${signWithNodeCrypto(keys.rsa, canned(`${BASE}?x=1`, NOW + 60))}&Key-Pair-Id=${keys.rsa.id}`;
    expect(codeOf(check(otherUrl))).toBe("AccessDenied");
  });
  it("the hash algorithm: SHA256 signatures need Hash-Algorithm=SHA256, and only SHA1/SHA256 exist", () => {
    const policy = custom(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}}}`);
    const sha256 = customUrl(policy, keys.ecdsa, "sha256");
    expect(check(sha256).allowed).toBe(true);
    expect(codeOf(check(sha256.replace("&Hash-Algorithm=SHA256", "")))).toBe("AccessDenied");
    expect(codeOf(check(sha256.replace("Hash-Algorithm=SHA256", "Hash-Algorithm=SHA512")))).toBe("AccessDenied");
    expect(codeOf(check(customUrl(policy, keys.ecdsa).concat("&Hash-Algorithm=SHA256")))).toBe("AccessDenied");
  });
  it("an ECDSA signature in raw r||s form instead of DER", () => {
    const url = customUrl(custom(`{"DateLessThan":{"AWS:EpochTime":${NOW + 60}}}`), keys.ecdsa);
    const der = Buffer.from(new URL(url).searchParams.get("Signature")!.replaceAll("-", "+").replaceAll("_", "=").replaceAll("~", "/"), "base64");
    expect(der[0]).toBe(0x30);
    const raw = url.replace(/Signature=[^&]*/, `Signature=${cloudFrontBase64(Buffer.alloc(64, 7))}`);
    expect(codeOf(check(raw))).toBe("AccessDenied");
  });
});

describe("a signed URL wins over signed cookies", () => {
  const good = new URL(cannedUrl()).searchParams;
  const cookie = `CloudFront-Expires=${good.get("Expires")}; CloudFront-Signature=${good.get("Signature")}; CloudFront-Key-Pair-Id=${good.get("Key-Pair-Id")}`;
  it("good cookies and no signed URL: allowed", () => expect(check(BASE, { cookie })).toMatchObject({ allowed: true, via: "signed-cookies" }));
  it("good cookies and an expired signed URL: refused", () => expect(codeOf(check(cannedUrl(NOW - 5), { cookie }))).toBe("AccessDenied"));
  it("expired cookies and a good signed URL: allowed by the URL", () => {
    const stale = cookie.replace(`CloudFront-Expires=${good.get("Expires")}`, "CloudFront-Expires=1");
    expect(check(cannedUrl(), { cookie: stale })).toMatchObject({ allowed: true, via: "signed-url" });
  });
});

it("the reason for a refusal names no signature, policy or cookie value", () => {
  const url = cannedUrl(NOW - 1);
  const decision = check(url, { cookie: "CloudFront-Signature=SECRETCOOKIE" });
  const signature = new URL(url).searchParams.get("Signature") ?? "";
  expect(decision.allowed).toBe(false);
  expect(JSON.stringify(decision)).not.toContain(signature);
  expect(JSON.stringify(decision)).not.toContain("SECRETCOOKIE");
});
