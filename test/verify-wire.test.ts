/**
 * The oracle's own tests: it must accept correct requests (official vectors, requests signed by hand
 * and by aws4) and catch every classic bug of edge signers. Nothing here uses `src/`: the buggy and
 * correct "functions" below are small hand-written signers (node:crypto) or aws4.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { originHost, buildWireRequest as rebuildWireRequest, type WireRequest } from "../cloudfront-emulator/index.ts";
import { type Expectations, redactCanonicalRequest, type SignedRequest, sha256Hex, verifySignedRequest as verifyWireRequest } from "../sigv4-oracle/index.ts";
import { canonQuery, doubleEncoded, enc, type HandSign, handAuthorization as sign } from "./support/hand-signer.ts";

const CREDS = {
  accessKeyId: "ASIAORACLETEST000001",
  secretAccessKey: "oracle/test+secret/0123456789abcdefghijklmn",
  sessionToken: "IQoJb3JpZ2luX2VjEORACLE//////////wEaCWV1LXdlc3QtMSJHMEUCIQ-oracle-test-token",
};
const NOW = new Date("2026-11-22T12:00:00Z");
const AMZ_DATE = "20261122T120000Z";
const REQUEST_ID = "Wc3K2rVZ1nYbXv9eTqAvEw1Pn0GvDpcO7Xr3QF5kJhUy8mWq2TeLzA==";
const CLIENT_IP = "203.0.113.178";
const EMPTY_SHA = sha256Hex("");

/** The hand-written signer (test/support/hand-signer.ts) with this file's credentials. */
function handAuthorization(s: Omit<HandSign, "accessKeyId" | "secretAccessKey">): string {
  return sign({ ...s, accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey });
}

// ---------------------------------------------------------------- events
function hdrs(map: Record<string, string | string[]>): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const [key, value] of Object.entries(map)) {
    out[key.toLowerCase()] = (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: v }));
  }
  return out;
}

interface EventSpec {
  origin: NonNullable<CloudFrontRequest["origin"]>;
  method?: string;
  uri?: string;
  querystring?: string;
  headers?: Record<string, string | string[]>;
  body?: CloudFrontRequest["body"];
}
function makeEvent(spec: EventSpec): CloudFrontRequestEvent {
  const host = originHost(spec.origin);
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: "d3k9x2q7w1m4z8.cloudfront.net",
            distributionId: "E1QX7Y3ZK2ABCD",
            eventType: "origin-request",
            requestId: REQUEST_ID,
          },
          request: {
            clientIp: CLIENT_IP,
            method: spec.method ?? "GET",
            uri: spec.uri ?? "/",
            querystring: spec.querystring ?? "",
            headers: hdrs({
              host,
              "user-agent": "Amazon CloudFront",
              via: "2.0 5b1f0a7c9e8d6b4a2f3e1d0c9b8a7f6e.cloudfront.net (CloudFront)",
              "x-forwarded-for": "198.51.100.7",
              ...spec.headers,
            }),
            ...(spec.body ? { body: spec.body } : {}),
            origin: spec.origin,
          },
        },
      },
    ],
  };
}
function customOrigin(
  domainName: string,
  extra: { path?: string; port?: number; customHeaders?: CloudFrontHeaders } = {},
): NonNullable<CloudFrontRequest["origin"]> {
  return {
    custom: {
      customHeaders: extra.customHeaders ?? {},
      domainName,
      keepaliveTimeout: 5,
      path: extra.path ?? "",
      port: extra.port ?? 443,
      protocol: "https",
      readTimeout: 30,
      sslProtocols: ["TLSv1.2"],
    },
  };
}
function s3Origin(domainName: string, region?: string): NonNullable<CloudFrontRequest["origin"]> {
  return region
    ? { s3: { authMethod: "origin-access-identity", customHeaders: {}, domainName, path: "", region } }
    : { s3: { authMethod: "none", customHeaders: {}, domainName, path: "" } };
}

const LAMBDA_HOST = "k3vq7x2m9p4n6b8c1d5f0g2h4j6l8z0a.lambda-url.eu-west-1.on.aws";
const BUCKET_HOST = "media-assets.s3.eu-west-1.amazonaws.com";

/** Deterministic binary bytes: many are not valid UTF-8. */
function binary(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + seed + (i >> 7)) & 0xff;
  return b;
}

// ---------------------------------------------------------------- a configurable fake "function"
interface FakeOptions {
  service: string;
  region: string;
  /** viewer headers (present in the event) the buggy function also signs */
  alsoSign?: string[];
  /** sign x-amz-cf-id (= requestId) without writing it; default: true for custom origins */
  signCfId?: boolean;
  /** how the payload hash is computed */
  payload?: "full" | "utf8-decoded" | "event-bytes" | "unsigned" | "none";
  /** send x-amz-content-sha256 (default: for S3, and whenever there is a body) */
  sendContentSha?: boolean;
  /** host to sign and write (default: the origin's) */
  signHost?: string;
  /** canonical URI rules (default: correct for the service) */
  uriRules?: "s3" | "double" | "single-on-non-s3" | "double-on-s3";
  /** put the query into the path instead of the query line */
  queryInPath?: boolean;
  amzDate?: string;
  sessionToken?: string | null;
}

function eventBodyBytes(req: CloudFrontRequest): Buffer {
  if (!req.body) return Buffer.alloc(0);
  return req.body.encoding === "base64" ? Buffer.from(req.body.data, "base64") : Buffer.from(req.body.data, "utf8");
}

/** A request as a (possibly buggy) signer would return it (query and headers left as they came). */
function fakeFunction(event: CloudFrontRequestEvent, opts: FakeOptions, fullBody?: Buffer): CloudFrontRequest {
  const req = structuredClone(event.Records[0]!.cf.request);
  const origin = req.origin!;
  const isCustom = origin.custom !== undefined;
  const host = opts.signHost ?? originHost(origin);
  const wirePath = (origin.s3?.path ?? origin.custom?.path ?? "") + req.uri;
  const s3 = opts.service === "s3" || opts.service === "s3-object-lambda";
  const rules = opts.uriRules ?? (s3 ? "s3" : "double");
  const canonicalUri = rules === "s3" || rules === "single-on-non-s3" ? wirePath : doubleEncoded(wirePath);
  const bytes = fullBody ?? eventBodyBytes(req);
  const payload = opts.payload ?? "full";
  const payloadHash =
    payload === "unsigned"
      ? "UNSIGNED-PAYLOAD"
      : payload === "utf8-decoded"
        ? sha256Hex(Buffer.from(bytes.toString("utf8"), "utf8"))
        : payload === "event-bytes"
          ? sha256Hex(eventBodyBytes(req))
          : sha256Hex(bytes);

  const toSign: Record<string, string> = { host, "x-amz-date": opts.amzDate ?? AMZ_DATE };
  const token = opts.sessionToken === null ? undefined : (opts.sessionToken ?? CREDS.sessionToken);
  if (token !== undefined) toSign["x-amz-security-token"] = token;
  const sendSha = opts.sendContentSha ?? (s3 || bytes.length > 0);
  if (sendSha && payload !== "none") toSign["x-amz-content-sha256"] = payloadHash;
  if (opts.signCfId ?? isCustom) toSign["x-amz-cf-id"] = event.Records[0]!.cf.config.requestId;
  for (const name of opts.alsoSign ?? []) {
    const entries = req.headers[name];
    if (entries) toSign[name] = entries.map((e) => e.value).join(",");
  }
  const authorization = handAuthorization({
    method: req.method,
    canonicalUri: opts.queryInPath && req.querystring ? `${canonicalUri}%3F${enc(req.querystring)}` : canonicalUri,
    canonicalQuery: opts.queryInPath ? "" : canonQuery(req.querystring),
    headers: toSign,
    payloadHash: payload === "none" ? sha256Hex(bytes) : payloadHash,
    service: opts.service,
    region: opts.region,
  });
  for (const [name, value] of Object.entries(toSign)) {
    if (name === "x-amz-cf-id") continue; // CloudFront adds it; a function may not write X-Amz-Cf-*
    req.headers[name] = [{ key: name, value }];
  }
  req.headers.authorization = [{ key: "Authorization", value: authorization }];
  return req;
}

function truth(service: string, region: string, extra: Partial<Expectations> = {}): Expectations {
  return { service, region, credentials: CREDS, now: NOW, ...extra };
}

function run(
  event: CloudFrontRequestEvent,
  opts: FakeOptions,
  t: Expectations,
  fullBody?: Buffer,
): { wire: WireRequest; ok: boolean; errors: readonly string[] } {
  const before = structuredClone(event);
  const result = fakeFunction(event, opts, fullBody);
  const wire = rebuildWireRequest(before, result, fullBody ? { fullBody } : {});
  const r = verifyWireRequest(wire, t);
  return { wire, ok: r.ok, errors: r.errors };
}

// ================================================================ tests

describe("the oracle agrees with the official SigV4 test suite", () => {
  const suite = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "sigv4-test-suite", "v4");
  const cases = readdirSync(suite, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it("finds all 38 vectors", () => {
    expect(cases).toHaveLength(38);
  });

  function parseSigned(text: string): SignedRequest {
    const sep = text.indexOf("\n\n");
    const head = sep < 0 ? text : text.slice(0, sep);
    const body = sep < 0 ? "" : text.slice(sep + 2);
    const lines = head.split("\n");
    const requestLine = lines.shift() ?? "";
    const m = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine);
    if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`bad request line ${requestLine}`);
    const target = m[2];
    const q = target.indexOf("?");
    const headers: Record<string, string> = {};
    let last = "";
    for (const line of lines) {
      if (/^\s/.test(line)) {
        headers[last] = `${headers[last] ?? ""}\n${line}`;
        continue;
      }
      const colon = line.indexOf(":");
      last = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1);
      headers[last] = headers[last] === undefined ? value : `${headers[last]},${value}`;
    }
    return {
      method: m[1],
      path: q < 0 ? target : target.slice(0, q),
      querystring: q < 0 ? "" : target.slice(q + 1),
      headers,
      body: Buffer.from(body, "utf8"),
    };
  }

  for (const name of cases) {
    it(name, () => {
      const dir = join(suite, name);
      const ctx = JSON.parse(readFileSync(join(dir, "context.json"), "utf8")) as {
        credentials: { access_key_id: string; secret_access_key: string; token?: string };
        normalize: boolean;
        region: string;
        service: string;
        timestamp: string;
        omit_session_token?: boolean;
      };
      const wire = parseSigned(readFileSync(join(dir, "header-signed-request.txt"), "utf8"));
      const result = verifyWireRequest(wire, {
        service: ctx.service,
        region: ctx.region,
        credentials: {
          accessKeyId: ctx.credentials.access_key_id,
          secretAccessKey: ctx.credentials.secret_access_key,
          ...(ctx.credentials.token ? { sessionToken: ctx.credentials.token } : {}),
        },
        now: new Date(ctx.timestamp),
        pathRules: ctx.normalize ? "standard" : "s3",
      });
      if (ctx.omit_session_token) {
        // The token travels unsigned: this oracle refuses that on purpose (the project signs it).
        expect(result.errors).toEqual(["HeadersNotSigned: x-amz-security-token is not signed"]);
        return;
      }
      expect(result.errors).toEqual([]);
      const expected = readFileSync(join(dir, "header-canonical-request.txt"), "utf8");
      expect(result.canonicalRequest).toBe(redactCanonicalRequest(expected));
    });
  }
});

describe("the oracle's canonical path model", () => {
  function verifyPath(
    service: string,
    wirePath: string,
    canonicalUri: string,
    querystring = "",
    canonicalQuery = "",
  ): { ok: boolean; errors: readonly string[]; canonicalRequest?: string } {
    const host = service === "s3" ? BUCKET_HOST : LAMBDA_HOST;
    const headers: Record<string, string> = {
      host,
      "x-amz-date": AMZ_DATE,
      "x-amz-security-token": CREDS.sessionToken,
      "x-amz-content-sha256": EMPTY_SHA,
    };
    const authorization = handAuthorization({ method: "GET", canonicalUri, canonicalQuery, headers, payloadHash: EMPTY_SHA, service, region: "eu-west-1" });
    const wire: SignedRequest = {
      method: "GET",
      path: wirePath,
      querystring,
      headers: { ...headers, authorization },
      body: Buffer.alloc(0),
    };
    return verifyWireRequest(wire, truth(service, "eu-west-1"));
  }

  it("S3: a path in canonical form is signed exactly as sent (no double encoding)", () => {
    const p = "/photos/summer%202024/caf%C3%A9%2Bcr%C3%A8me%20%282%29.jpg";
    expect(verifyPath("s3", p, p).errors).toEqual([]);
    expect(verifyPath("s3", p, doubleEncoded(p)).ok).toBe(false);
  });

  it("S3: no dot-segment or empty-segment normalization", () => {
    expect(verifyPath("s3", "/a//b/./c/../d", "/a//b/./c/../d").errors).toEqual([]);
    expect(verifyPath("s3", "/a//b/./c/../d", "/a/b/d").ok).toBe(false);
  });

  it("S3: a raw '+' is a space and raw sub-delimiters are encoded (S3 decodes then re-encodes)", () => {
    expect(verifyPath("s3", "/a+b/(1)!", "/a%20b/%281%29%21").errors).toEqual([]);
    expect(verifyPath("s3", "/a+b/(1)!", "/a+b/(1)!").ok).toBe(false);
  });

  it("non-S3: the wire path is encoded once more and normalized", () => {
    expect(verifyPath("lambda", "/caf%C3%A9/a%20b", "/caf%25C3%25A9/a%2520b").errors).toEqual([]);
    expect(verifyPath("lambda", "/caf%C3%A9/a%20b", "/caf%C3%A9/a%20b").ok).toBe(false);
    expect(verifyPath("lambda", "/a//b/./c/../d", "/a/b/d").errors).toEqual([]);
    expect(verifyPath("lambda", "/items/[1]", "/items/%5B1%5D").errors).toEqual([]);
  });

  it("the query is decoded, re-encoded per RFC 3986 and sorted by name then value (all values, S3 too)", () => {
    const qs = "tag=b&tag=a&q=caf%C3%A9&empty=&flag&sp=a%20b";
    const canonical = "empty=&flag=&q=caf%C3%A9&sp=a%20b&tag=a&tag=b";
    expect(verifyPath("lambda", "/", "/", qs, canonical).errors).toEqual([]);
    expect(verifyPath("s3", "/", "/", qs, canonical).errors).toEqual([]);
    // the first value only (what aws4 alone would do for S3) is wrong
    expect(verifyPath("s3", "/", "/", qs, "empty=&flag=&q=caf%C3%A9&sp=a%20b&tag=b").ok).toBe(false);
  });

  it("a query that is not valid percent-encoding is refused", () => {
    const r = verifyPath("lambda", "/", "/", "q=%ZZ", "q=%25ZZ");
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/InvalidURI: the query string is not valid percent-encoded/);
  });
});

describe("rebuildWireRequest: what CloudFront sends after the function", () => {
  it("origin path + uri, query, custom headers over viewer headers, CloudFront's own headers", () => {
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST, { path: "/api", customHeaders: hdrs({ "X-Team": "origin-value" }) }),
      uri: "/v1/items",
      querystring: "a=1&b=2",
      headers: { "x-team": "viewer-value", accept: ["text/html", "application/json"], cookie: ["a=1", "b=2"] },
    });
    const wire = rebuildWireRequest(event, structuredClone(event.Records[0]!.cf.request));
    expect(wire.path).toBe("/api/v1/items");
    expect(wire.target).toBe("/api/v1/items?a=1&b=2");
    expect(wire.headers["x-team"]).toBe("origin-value");
    expect(wire.headers.accept).toBe("text/html,application/json");
    expect(wire.headers.cookie).toBe("a=1; b=2");
    expect(wire.headers["x-amz-cf-id"]).toBe(REQUEST_ID);
    expect(wire.headers["x-forwarded-for"]).toBe(`198.51.100.7, ${CLIENT_IP}`);
    expect(wire.headers.via).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(wire.headers.via).not.toBe(event.Records[0]!.cf.request.headers.via![0]!.value);
    expect(wire.headers.host).toBe(LAMBDA_HOST);
  });

  it("no x-amz-cf-id towards S3 origins; user-agent added when absent; port in Host", () => {
    const s3 = makeEvent({ origin: s3Origin(BUCKET_HOST) });
    delete s3.Records[0]!.cf.request.headers["user-agent"];
    delete s3.Records[0]!.cf.request.headers["x-forwarded-for"];
    const w1 = rebuildWireRequest(s3, structuredClone(s3.Records[0]!.cf.request));
    expect(w1.headers["x-amz-cf-id"]).toBeUndefined();
    expect(w1.headers["user-agent"]).toBe("Amazon CloudFront");
    expect(w1.headers["x-forwarded-for"]).toBe(CLIENT_IP);
    const custom = makeEvent({ origin: customOrigin("search.internal.example.net", { port: 8443 }) });
    expect(rebuildWireRequest(custom, structuredClone(custom.Records[0]!.cf.request)).headers.host).toBe("search.internal.example.net:8443");
  });

  it("sends the full body of a truncated event, and refuses to guess it", () => {
    const full = binary(3 * 1024 * 1024);
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      body: { action: "read-only", encoding: "base64", inputTruncated: true, data: full.subarray(0, 1024 * 1024).toString("base64") },
    });
    const req = structuredClone(event.Records[0]!.cf.request);
    expect(() => rebuildWireRequest(event, req)).toThrow(/fullBody/);
    const wire = rebuildWireRequest(event, req, { fullBody: full });
    expect(wire.body.equals(full)).toBe(true);
    expect(wire.headers["content-length"]).toBe(String(full.length));
  });
});

describe("positive controls: correct requests pass", () => {
  it("Lambda URL GET with a query, signed by hand", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/users/42", querystring: "fields=name&fields=email&page=2" });
    const r = run(event, { service: "lambda", region: "eu-west-1" }, truth("lambda", "eu-west-1", { host: LAMBDA_HOST }));
    expect(r.errors).toEqual([]);
  });

  it("Lambda URL POST of binary bytes, hash of the exact bytes", () => {
    const bytes = binary(4096);
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      body: { action: "read-only", encoding: "base64", inputTruncated: false, data: bytes.toString("base64") },
    });
    expect(run(event, { service: "lambda", region: "eu-west-1" }, truth("lambda", "eu-west-1")).errors).toEqual([]);
  });

  it("S3 GET through an S3 origin", () => {
    const event = makeEvent({ origin: s3Origin(BUCKET_HOST), uri: "/photos/summer%202024/caf%C3%A9.jpg" });
    expect(run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1", { host: BUCKET_HOST })).errors).toEqual([]);
  });

  it("S3 REST endpoint as a custom origin, x-amz-cf-id signed", () => {
    const event = makeEvent({ origin: customOrigin(BUCKET_HOST), uri: "/index.html" });
    expect(run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1")).errors).toEqual([]);
  });

  it("S3 PUT of a truncated body with UNSIGNED-PAYLOAD", () => {
    const full = binary(3 * 1024 * 1024);
    const event = makeEvent({
      origin: s3Origin(BUCKET_HOST),
      method: "PUT",
      uri: "/uploads/big.bin",
      body: { action: "read-only", encoding: "base64", inputTruncated: true, data: full.subarray(0, 1024 * 1024).toString("base64") },
    });
    expect(run(event, { service: "s3", region: "eu-west-1", payload: "unsigned" }, truth("s3", "eu-west-1"), full).errors).toEqual([]);
  });

  it("legacy global S3 host signed with the bucket's region", () => {
    const event = makeEvent({ origin: s3Origin("eu-bucket.s3.amazonaws.com", "eu-west-1"), uri: "/a.txt" });
    expect(run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1")).errors).toEqual([]);
  });

  it("a request signed by aws4 itself passes (hand signer and aws4 agree)", () => {
    const aws4 = createRequire(import.meta.url)("aws4") as {
      sign: (
        r: { host: string; path: string; method: string; service: string; region: string; headers: Record<string, string>; body: string },
        c: typeof CREDS,
      ) => { headers: Record<string, string | number> };
    };
    const body = JSON.stringify({ name: "café ☕" });
    const signed = aws4.sign(
      {
        host: LAMBDA_HOST,
        path: "/orders?id=7&expand=items",
        method: "POST",
        service: "lambda",
        region: "eu-west-1",
        headers: { "content-type": "application/json", "X-Amz-Date": AMZ_DATE },
        body,
      },
      CREDS,
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
    const wire: SignedRequest = {
      method: "POST",
      path: "/orders",
      querystring: "id=7&expand=items",
      headers,
      body: Buffer.from(body, "utf8"),
    };
    expect(verifyWireRequest(wire, truth("lambda", "eu-west-1")).errors).toEqual([]);
  });
});

describe("negative tests: each classic bug is caught", () => {
  const lambdaGet = (): CloudFrontRequestEvent => makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/users/42" });
  const t = truth("lambda", "eu-west-1");

  it("signing Via (CloudFront rewrites it)", () => {
    const r = run(lambdaGet(), { service: "lambda", region: "eu-west-1", alsoSign: ["via"] }, t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
  });

  it("signing X-Forwarded-For (CloudFront appends the viewer IP)", () => {
    const r = run(lambdaGet(), { service: "lambda", region: "eu-west-1", alsoSign: ["x-forwarded-for"] }, t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
  });

  it("signing other headers is fine while they are unchanged (control for the two above)", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), headers: { "content-type": "application/json" } });
    expect(run(event, { service: "lambda", region: "eu-west-1", alsoSign: ["content-type"] }, t).errors).toEqual([]);
  });

  describe("hashing a UTF-8-decoded binary body", () => {
    const bytes = binary(2048);
    const body = { action: "read-only" as const, encoding: "base64" as const, inputTruncated: false, data: bytes.toString("base64") };

    it("S3 PUT: x-amz-content-sha256 is not the hash of the bytes", () => {
      const event = makeEvent({ origin: s3Origin(BUCKET_HOST), method: "PUT", uri: "/bin/blob.dat", body });
      const r = run(event, { service: "s3", region: "eu-west-1", payload: "utf8-decoded" }, truth("s3", "eu-west-1"));
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
    });

    it("Lambda URL POST without x-amz-content-sha256: the origin hashes the real bytes", () => {
      const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), method: "POST", body });
      const r = run(event, { service: "lambda", region: "eu-west-1", payload: "utf8-decoded", sendContentSha: false }, t);
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
      // control: the same request hashed from the bytes passes
      expect(run(event, { service: "lambda", region: "eu-west-1", sendContentSha: false }, t).errors).toEqual([]);
    });
  });

  it("the wrong region for a legacy global S3 host whose bucket is in eu-west-1", () => {
    const event = makeEvent({ origin: s3Origin("eu-bucket.s3.amazonaws.com", "eu-west-1"), uri: "/a.txt" });
    const r = run(event, { service: "s3", region: "us-east-1" }, truth("s3", "eu-west-1"));
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/AuthorizationHeaderMalformed: the region 'us-east-1' is wrong; expecting 'eu-west-1'/);
  });

  it("an unsigned x-amz-cf-id on an S3 REST endpoint used as a custom origin", () => {
    const event = makeEvent({ origin: customOrigin(BUCKET_HOST), uri: "/index.html" });
    const r = run(event, { service: "s3", region: "eu-west-1", signCfId: false }, truth("s3", "eu-west-1"));
    expect(r.ok).toBe(false);
    expect(r.errors).toContain("HeadersNotSigned: S3 refuses the unsigned header 'x-amz-cf-id'");
  });

  it("an unsigned viewer x-amz-acl forwarded to S3", () => {
    const event = makeEvent({ origin: s3Origin(BUCKET_HOST), method: "PUT", uri: "/u.txt", headers: { "x-amz-acl": "public-read" } });
    const r = run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1"));
    expect(r.ok).toBe(false);
    expect(r.errors).toContain("HeadersNotSigned: S3 refuses the unsigned header 'x-amz-acl'");
  });

  it("a viewer-supplied wrong x-amz-content-sha256 trusted by the signer (aws4 trusts it too)", () => {
    const aws4 = createRequire(import.meta.url)("aws4") as {
      sign: (
        r: { host: string; path: string; method: string; service: string; region: string; headers: Record<string, string>; body: string },
        c: typeof CREDS,
      ) => { headers: Record<string, string | number> };
    };
    const body = '{"amount":100}';
    const viewerSha = sha256Hex('{"amount":1}');
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      uri: "/pay",
      headers: { "x-amz-content-sha256": viewerSha, "content-type": "application/json" },
      body: { action: "read-only", encoding: "text", inputTruncated: false, data: body },
    });
    const result = structuredClone(event.Records[0]!.cf.request);
    const signed = aws4.sign(
      {
        host: LAMBDA_HOST,
        path: "/pay",
        method: "POST",
        service: "lambda",
        region: "eu-west-1",
        headers: { "x-amz-content-sha256": viewerSha, "X-Amz-Date": AMZ_DATE },
        body,
      },
      CREDS,
    );
    for (const [k, v] of Object.entries(signed.headers)) result.headers[k.toLowerCase()] = [{ key: k, value: String(v) }];
    const r = verifyWireRequest(rebuildWireRequest(event, result), t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
  });

  describe("hashing only the first 1 MB of a truncated body", () => {
    const full = binary(3 * 1024 * 1024, 11);
    const body = { action: "read-only" as const, encoding: "base64" as const, inputTruncated: true, data: full.subarray(0, 1024 * 1024).toString("base64") };

    it("S3 PUT", () => {
      const event = makeEvent({ origin: s3Origin(BUCKET_HOST), method: "PUT", uri: "/big.bin", body });
      const r = run(event, { service: "s3", region: "eu-west-1", payload: "event-bytes" }, truth("s3", "eu-west-1"), full);
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
    });

    it("Lambda URL POST", () => {
      const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), method: "POST", body });
      const r = run(event, { service: "lambda", region: "eu-west-1", payload: "event-bytes" }, t, full);
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
    });
  });

  it("UNSIGNED-PAYLOAD towards a Lambda function URL", () => {
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      body: { action: "read-only", encoding: "text", inputTruncated: false, data: "{}" },
    });
    const r = run(event, { service: "lambda", region: "eu-west-1", payload: "unsigned" }, t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/does not accept UNSIGNED-PAYLOAD/);
  });

  it("double-encoding an S3 path / single-encoding a non-S3 path", () => {
    const s3Event = makeEvent({ origin: s3Origin(BUCKET_HOST), uri: "/a%20b.txt" });
    expect(run(s3Event, { service: "s3", region: "eu-west-1", uriRules: "double-on-s3" }, truth("s3", "eu-west-1")).ok).toBe(false);
    const lambdaEvent = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/a%20b" });
    expect(run(lambdaEvent, { service: "lambda", region: "eu-west-1", uriRules: "single-on-non-s3" }, t).ok).toBe(false);
  });

  it("the query put into the path", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/search", querystring: "q=shoes" });
    expect(run(event, { service: "lambda", region: "eu-west-1", queryInPath: true }, t).ok).toBe(false);
  });

  it("raw '[' ']' left in a Lambda URL query", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/", querystring: "filter[status]=open" });
    const result = fakeFunction(event, { service: "lambda", region: "eu-west-1" });
    // signed correctly (%5B %5D in the canonical query), but the raw brackets stay on the wire
    const r = verifyWireRequest(rebuildWireRequest(event, result), t);
    expect(r.errors).toEqual(["BadRequest: Lambda function URLs reject raw '[' or ']' in the query string"]);
    // control: the same query written back in RFC 3986 form passes
    result.querystring = "filter%5Bstatus%5D=open";
    expect(verifyWireRequest(rebuildWireRequest(event, result), t).errors).toEqual([]);
  });

  it("signing the distribution's domain as Host (AllViewer policy)", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), headers: { host: "d3k9x2q7w1m4z8.cloudfront.net" } });
    // CloudFront sends the Host the function returns: the function URL, which answers to its own
    // name only, refuses the distribution's.
    const r = run(event, { service: "lambda", region: "eu-west-1", signHost: "d3k9x2q7w1m4z8.cloudfront.net" }, { ...t, host: LAMBDA_HOST });
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/WrongHost/);
  });

  it("a stale x-amz-date, a missing or foreign session token, a wrong key, a wrong service", () => {
    const stale = run(lambdaGet(), { service: "lambda", region: "eu-west-1", amzDate: "20261122T113000Z" }, t);
    expect(stale.errors.join("\n")).toMatch(/RequestTimeTooSkewed/);
    const noToken = run(lambdaGet(), { service: "lambda", region: "eu-west-1", sessionToken: null }, t);
    expect(noToken.errors.join("\n")).toMatch(/InvalidClientTokenId/);
    const foreign = run(lambdaGet(), { service: "lambda", region: "eu-west-1", sessionToken: "viewer-chosen-token" }, t);
    expect(foreign.errors.join("\n")).toMatch(/InvalidToken/);
    expect(foreign.errors.join("\n")).not.toContain(CREDS.sessionToken);
    const wrongKey = run(lambdaGet(), { service: "lambda", region: "eu-west-1" }, { ...t, credentials: { ...CREDS, secretAccessKey: "another/secret" } });
    expect(wrongKey.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
    const wrongService = run(lambdaGet(), { service: "execute-api", region: "eu-west-1" }, t);
    expect(wrongService.errors.join("\n")).toMatch(/credential scope service 'execute-api' is wrong/);
  });

  it("a signed header that does not reach the origin", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), headers: { "x-custom": "1" } });
    const result = fakeFunction(event, { service: "lambda", region: "eu-west-1", alsoSign: ["x-custom"] });
    delete result.headers["x-custom"];
    const r = verifyWireRequest(rebuildWireRequest(event, result), t);
    expect(r.errors).toContain("SignatureDoesNotMatch: signed header 'x-custom' is not on the wire");
  });

  it("S3 and aoss refuse a request without x-amz-content-sha256", () => {
    const event = makeEvent({ origin: customOrigin("abc123def456.us-east-1.aoss.amazonaws.com"), method: "GET", uri: "/movies/_search" });
    const r = run(event, { service: "aoss", region: "us-east-1", sendContentSha: false }, truth("aoss", "us-east-1"));
    expect(r.errors.join("\n")).toMatch(/aoss requires x-amz-content-sha256/);
  });

  it("no Authorization at all", () => {
    const event = lambdaGet();
    const r = verifyWireRequest(rebuildWireRequest(event, structuredClone(event.Records[0]!.cf.request)), t);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/MissingAuthenticationToken/);
  });
});
