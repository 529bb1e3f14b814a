// URLs and cookies made by sign-url's modules (on @aws-sdk/cloudfront-signer) pass the verifier,
// which shares no code with them; and the same URLs fail once a condition is not met.
import { describe, expect, it } from "vitest";
import { checkViewerAccess, type ViewerAccessDecision } from "../../../cloudfront-emulator/viewer-access/index.ts";
import { setCookieLines } from "../../../sign-url/cookie-output.ts";
import { signingKeyFromPem } from "../../../sign-url/private-key.ts";
import { type HashAlgorithm, type SignRequest, signCookies, signUrl } from "../../../sign-url/sign.ts";
import { cookieHeader, type TestKey, testKeys, trustedKeys, viewerRequest } from "./viewer-fixtures.ts";

const NOW = 1_900_000_000;
const HOUR = 3600;
const keys = testKeys();
const trusted = trustedKeys(keys.rsa, keys.ecdsa);

const request = (key: TestKey, hashAlgorithm: HashAlgorithm, extra: Partial<SignRequest> = {}): SignRequest => ({
  url: "https://d111111abcdef8.cloudfront.net/private/report.pdf?lang=en&v=2",
  keyPairId: key.id,
  key: signingKeyFromPem(key.privatePem),
  expires: NOW + HOUR,
  hashAlgorithm,
  ...extra,
});

const codeOf = (decision: ViewerAccessDecision) => (decision.allowed ? "allowed" : decision.code);

describe.each([
  ["RSA", keys.rsa],
  ["ECDSA", keys.ecdsa],
] as const)("%s keys", (_kind, key) => {
  describe.each(["SHA1", "SHA256"] as const)("%s", (hash) => {
    it("canned policy URL: allowed until Expires, forwarded without the signing parameters", () => {
      const signed = signUrl(request(key, hash));
      expect(signed.policy).toBe("canned");
      expect(signed.signedUrl).toContain(hash === "SHA256" ? "&Hash-Algorithm=SHA256" : "&Signature=");
      const decision = checkViewerAccess(viewerRequest(signed.signedUrl), trusted, NOW);
      expect(decision).toMatchObject({ allowed: true, via: "signed-url", policy: "canned", keyPairId: key.id, forward: { querystring: "lang=en&v=2" } });
      expect(codeOf(checkViewerAccess(viewerRequest(signed.signedUrl), trusted, NOW + HOUR))).toBe("AccessDenied");
    });

    it("a canned URL whose Expires or query was changed is refused", () => {
      const { signedUrl } = signUrl(request(key, hash));
      const later = signedUrl.replace(`Expires=${NOW + HOUR}`, `Expires=${NOW + HOUR + 1}`);
      expect(codeOf(checkViewerAccess(viewerRequest(later), trusted, NOW))).toBe("AccessDenied");
      expect(codeOf(checkViewerAccess(viewerRequest(signedUrl.replace("lang=en", "lang=fr")), trusted, NOW))).toBe("AccessDenied");
    });

    it("custom policy with --not-before: refused until then, allowed after", () => {
      const { signedUrl, policy } = signUrl(request(key, hash, { notBefore: NOW + 60 }));
      expect(policy).toBe("custom");
      expect(codeOf(checkViewerAccess(viewerRequest(signedUrl), trusted, NOW))).toBe("AccessDenied");
      expect(codeOf(checkViewerAccess(viewerRequest(signedUrl), trusted, NOW + 60))).toBe("AccessDenied");
      expect(checkViewerAccess(viewerRequest(signedUrl), trusted, NOW + 61)).toMatchObject({ allowed: true, policy: "custom" });
    });

    it("custom policy with --ip: allowed inside the range only", () => {
      const { signedUrl } = signUrl(request(key, hash, { sourceIp: "198.51.100.0/24" }));
      expect(checkViewerAccess(viewerRequest(signedUrl, { clientIp: "198.51.100.77" }), trusted, NOW).allowed).toBe(true);
      expect(checkViewerAccess(viewerRequest(signedUrl, { clientIp: "::ffff:198.51.100.77" }), trusted, NOW).allowed).toBe(true);
      expect(codeOf(checkViewerAccess(viewerRequest(signedUrl, { clientIp: "198.51.101.1" }), trusted, NOW))).toBe("AccessDenied");
      expect(codeOf(checkViewerAccess(viewerRequest(signedUrl, { clientIp: "2001:db8::1" }), trusted, NOW))).toBe("AccessDenied");
    });

    it("wildcard Resource: the same Policy and Signature open every matching URL, and no other", () => {
      const { signedUrl } = signUrl(request(key, hash, { resource: "https://d111111abcdef8.cloudfront.net/private/*" }));
      const signing = signedUrl.slice(signedUrl.indexOf("Policy="));
      const other = `https://d111111abcdef8.cloudfront.net/private/photos/cat.jpg?${signing}`;
      expect(checkViewerAccess(viewerRequest(signedUrl), trusted, NOW).allowed).toBe(true);
      expect(checkViewerAccess(viewerRequest(other), trusted, NOW)).toMatchObject({ allowed: true, forward: { querystring: "" } });
      const outside = `https://d111111abcdef8.cloudfront.net/public/cat.jpg?${signing}`;
      expect(codeOf(checkViewerAccess(viewerRequest(outside), trusted, NOW))).toBe("AccessDenied");
    });

    it("canned signed cookies open exactly their URL", () => {
      const cookie = cookieHeader(setCookieLines(signCookies(request(key, hash))));
      expect(cookie).toContain(hash === "SHA256" ? "CloudFront-Hash-Algorithm=SHA256" : "CloudFront-Expires=");
      const url = "https://d111111abcdef8.cloudfront.net/private/report.pdf?lang=en&v=2";
      expect(checkViewerAccess(viewerRequest(url, { cookie }), trusted, NOW)).toMatchObject({ allowed: true, via: "signed-cookies", policy: "canned" });
      const elsewhere = "https://d111111abcdef8.cloudfront.net/private/other.pdf";
      expect(codeOf(checkViewerAccess(viewerRequest(elsewhere, { cookie }), trusted, NOW))).toBe("AccessDenied");
    });

    it("custom signed cookies with a wildcard, a start time and a range", () => {
      const lines = setCookieLines(
        signCookies(request(key, hash, { resource: "https://d111111abcdef8.cloudfront.net/private/*", notBefore: NOW - 10, sourceIp: "192.0.2.0/28" })),
      );
      const cookie = `session=abc; ${cookieHeader(lines)}; theme=dark`;
      const upload = viewerRequest("https://d111111abcdef8.cloudfront.net/private/big.bin?partNumber=2&uploadId=xyz", { cookie, method: "PUT" });
      const allowed = checkViewerAccess(upload, trusted, NOW);
      expect(allowed).toMatchObject({
        allowed: true,
        via: "signed-cookies",
        policy: "custom",
        forward: { method: "PUT", querystring: "partNumber=2&uploadId=xyz" },
      });
      // The cookies go on to the origin as the viewer sent them.
      expect(allowed.allowed && allowed.forward.headers.cookie).toEqual([{ key: "Cookie", value: cookie }]);
      expect(codeOf(checkViewerAccess({ ...upload, clientIp: "192.0.2.16" }, trusted, NOW))).toBe("AccessDenied");
    });
  });
});

it("a key that is not in the trusted key group: InvalidKey, even with a good signature", () => {
  const { signedUrl } = signUrl(request(keys.stranger, "SHA1"));
  expect(codeOf(checkViewerAccess(viewerRequest(signedUrl), trusted, NOW))).toBe("InvalidKey");
  expect(checkViewerAccess(viewerRequest(signedUrl), trustedKeys(keys.stranger), NOW).allowed).toBe(true);
});
