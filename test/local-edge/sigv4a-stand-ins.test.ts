// The Multi-Region Access Point and global Lambda Web Function stand-ins behind the edge: the
// event names the real AWS host, so the function's own host detection picks SigV4A; the edge
// connects to the loopback stand-ins, which verify SigV4A from the wire with the oracle and
// refuse SigV4. Oracles: the bytes sent, SHA-256 of them, and requests signed by aws4.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { generateCredentials } from "../../local-edge/credentials.ts";
import { MRAP_HOST, WEB_FUNCTION_HOST } from "../../local-edge/origins/registry.ts";
import { binary, send, sha256, useRecordingEdge } from "./helpers.ts";

type Aws4 = { sign(request: object, credentials: object): { headers: Record<string, string | number> } };
const aws4 = createRequire(import.meta.url)("aws4") as Aws4;

const credentials = generateCredentials();
const run = useRecordingEdge({ credentials });

function standIn(pattern: string): string {
  const url = run.edge.behaviors.find((b) => b.pathPattern === pattern)?.url;
  if (!url) throw new Error(`no embedded origin behind ${pattern}`);
  return url;
}

/** A request signed by aws4 with SigV4 (the function's credentials), for the AWS host, sent straight to the stand-in. */
function signedWithSigV4(host: string, service: string, path: string): Record<string, string> {
  const signed = aws4.sign({ host, path, service, region: "us-east-1", method: "GET" }, credentials);
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]));
}

describe("/mrap/*: a Multi-Region Access Point stand-in", () => {
  it("a PUT then a GET come back byte for byte, signed with SigV4A over the region set *", async () => {
    const bytes = binary(48 * 1024);
    const put = await send(run.edge.url, "/mrap/photos/a.bin", { method: "PUT", body: bytes });
    expect(put.status, put.text).toBe(200);
    const get = await send(run.edge.url, "/mrap/photos/a.bin");
    expect(get.status).toBe(200);
    expect(sha256(get.body)).toBe(sha256(bytes));
    expect(get.body.equals(bytes)).toBe(true);
    for (const method of ["PUT", "GET"]) {
      const exchange = run.lastExchange(method, "/mrap/photos/a.bin");
      // The function saw the AWS host, not the loopback address.
      expect(exchange.event?.Records[0]?.cf.request.origin?.custom?.domainName).toBe(MRAP_HOST);
      // What the origin received: SigV4A, no region in the scope, X-Amz-Region-Set: *, Host the MRAP's.
      const wire = exchange.wire?.headers ?? {};
      expect(wire.authorization).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=ASIA\w+\/\d{8}\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-region-set/);
      expect(wire["x-amz-region-set"]).toBe("*");
      expect(wire.host).toBe(MRAP_HOST);
      expect(exchange.originStatus).toBe(200);
    }
    expect(run.printed).toContainEqual(expect.stringMatching(/^GET \/mrap\/photos\/a\.bin 200 48KB \d+ms s3\/\*$/));
  });

  it("refuses a SigV4 request as S3 does (400 InvalidRequest: use AWS4-ECDSA-P256-SHA256)", async () => {
    const answer = await send(standIn("/mrap/*"), "/mrap/photos/a.bin", { headers: signedWithSigV4(MRAP_HOST, "s3", "/mrap/photos/a.bin") });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("<Code>InvalidRequest</Code>");
    expect(answer.text).toContain("Please use AWS4-ECDSA-P256-SHA256");
  });

  it("refuses a request whose Host is not the MRAP's", async () => {
    const answer = await send(standIn("/mrap/*"), "/mrap/photos/a.bin", { headers: signedWithSigV4("127.0.0.1", "s3", "/mrap/photos/a.bin") });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("<Code>WrongHost</Code>");
  });
});

describe("/web/*: a global Lambda Web Function stand-in", () => {
  it("a POST reaches the echo signed with SigV4A, which reports the body's hash", async () => {
    const body = binary(20_000);
    const answer = await send(run.edge.url, "/web/orders?x=1", { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } });
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text) as Record<string, unknown> & { headers: Record<string, string>; body: { sha256: string; length: number } };
    expect(echo.body).toEqual({ length: body.length, sha256: sha256(body) });
    expect(echo).toMatchObject({ method: "POST", path: "/web/orders", algorithm: "sigv4a", regionSet: "*" });
    expect(echo.credentialScope).toMatch(/^\d{8}\/lambda\/aws4_request$/);
    expect(echo.headers.host).toBe(WEB_FUNCTION_HOST);
    expect(run.lastExchange("POST", "/web/orders?x=1").wire?.headers.authorization).toMatch(/^AWS4-ECDSA-P256-SHA256 /);
  });

  it("refuses a SigV4 request as function URLs do (403 Forbidden)", async () => {
    const answer = await send(standIn("/web/*"), "/web/orders", { headers: signedWithSigV4(WEB_FUNCTION_HOST, "lambda", "/web/orders") });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ Message: "Forbidden" });
  });
});

describe("what the edge prints", () => {
  it("never a secret key, session token or SigV4A signature", () => {
    const printed = run.printed.join("\n");
    expect(printed).toContain("/mrap/* → http://127.0.0.1:");
    expect(printed).not.toContain(credentials.secretAccessKey);
    expect(printed).not.toContain(credentials.sessionToken.slice(0, 40));
    expect(printed).not.toMatch(/Signature=[0-9a-f]{16}/);
  });
});
