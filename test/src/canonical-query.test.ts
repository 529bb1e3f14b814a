// Every query the function forwards is signed exactly as it is sent. The oracle is botocore's
// SigV4 canonical query (SigV4Auth._canonical_query_string_url over the query as sent), recorded
// below; where python3 with botocore is installed, the recording is checked against it live.
// The signature is checked with aws4 over the canonical request the function logged
// (signature-oracle.ts).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { makeEvent, signed } from "./fixtures.ts";
import { signedCanonicalRequest } from "./signature-oracle.ts";

interface Case {
  readonly viewer: string;
  /** The query string the function writes back: the viewer's pairs, each in RFC 3986 form. */
  readonly sent: string;
  /** botocore's canonical query for `sent`. */
  readonly canonical: string;
}

const CASES: readonly Case[] = [
  { viewer: "__proto__", sent: "__proto__=", canonical: "__proto__=" },
  { viewer: "__proto__=1&a=2", sent: "__proto__=1&a=2", canonical: "__proto__=1&a=2" },
  {
    viewer: "constructor=1&__proto__=x&toString=a&toString=b&hasOwnProperty=2",
    sent: "constructor=1&__proto__=x&toString=a&toString=b&hasOwnProperty=2",
    canonical: "__proto__=x&constructor=1&hasOwnProperty=2&toString=a&toString=b",
  },
  { viewer: "=x&a=1", sent: "=x&a=1", canonical: "=x&a=1" },
  { viewer: "a=1&=x&=", sent: "a=1&=x&=", canonical: "=&=x&a=1" },
  {
    viewer: "b=2&a=[1]&a=x+y&flag&q=%E2%82%AC%2B&pct=100%",
    sent: "b=2&a=%5B1%5D&a=x%20y&flag=&q=%E2%82%AC%2B&pct=100%25",
    canonical: "a=%5B1%5D&a=x%20y&b=2&flag=&pct=100%25&q=%E2%82%AC%2B",
  },
  // Sorted by name, then by value: not as "name=value" strings ("a-b=1" < "a=2" as strings).
  { viewer: "a-b=1&a=2", sent: "a-b=1&a=2", canonical: "a=2&a-b=1" },
  { viewer: "a=2&a=1&a=10", sent: "a=2&a=1&a=10", canonical: "a=1&a=10&a=2" },
  { viewer: "%C3%A9=1&e=2", sent: "%C3%A9=1&e=2", canonical: "%C3%A9=1&e=2" },
  { viewer: "a=1&&b=2&", sent: "a=1&b=2", canonical: "a=1&b=2" },
];

const BOTOCORE = `
import json, sys
from urllib.parse import urlsplit
from botocore.auth import SigV4Auth
from botocore.credentials import Credentials
auth = SigV4Auth(Credentials("AKID", "secret"), "lambda", "eu-west-1")
print(json.dumps([auth._canonical_query_string_url(urlsplit("https://h/?" + q)) for q in json.load(sys.stdin)]))
`;
const hasBotocore = spawnSync("python3", ["-c", "import botocore"], { encoding: "utf8" }).status === 0;

describe("the canonical query (botocore) of the query string that is sent", () => {
  it.skipIf(!hasBotocore)("the recorded canonical queries are botocore's", () => {
    const result = spawnSync("python3", ["-c", BOTOCORE], { input: JSON.stringify(CASES.map((c) => c.sent)), encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(CASES.map((c) => c.canonical));
  });

  it.each(CASES)("?$viewer is sent as ?$sent and signed as $canonical", async ({ viewer, sent, canonical }) => {
    const { request, logs } = await signed(makeEvent({ querystring: viewer }), { config: { logLevel: "debug" } });
    expect(request.querystring).toBe(sent);
    expect(signedCanonicalRequest(request, logs)[2]).toBe(canonical);
  });

  it("signs a query of thousands of distinct names as sent", async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `p${i.toString(36)}`);
    const { request, logs } = await signed(makeEvent({ querystring: names.join("&") }), { config: { logLevel: "debug" } });
    expect(request.querystring).toBe(names.map((n) => `${n}=`).join("&"));
    const byName = [...names].sort().map((n) => `${n}=`);
    expect(String(logs[0]?.canonicalRequest).split("\n")[2]).toBe(byName.join("&"));
  });
});
