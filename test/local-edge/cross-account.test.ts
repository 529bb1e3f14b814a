// /cross-account/*: an origin in another account, signed with a role the function assumes at the
// STS stand-in (which checks the call's own SigV4 with aws4). The function's fetch reaches the
// stand-in through the worker's host map; the origin trusts the issued session only.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { generateCredentials } from "../../local-edge/credentials.ts";
import { CROSS_ACCOUNT_HOST, CROSS_ACCOUNT_ROLE_ARN } from "../../local-edge/origins/registry.ts";
import { send, useRecordingEdge } from "./helpers.ts";

type Aws4 = { sign(request: object, credentials: object): { headers: Record<string, string | number> } };
const aws4 = createRequire(import.meta.url)("aws4") as Aws4;

const credentials = generateCredentials();
// Verbose: the function's canonical requests are printed too, and must hold no secret either.
const run = useRecordingEdge({ credentials, verbose: true });

describe("/cross-account/*", () => {
  it("20 requests make one AssumeRole call; each is signed with the assumed role's session", async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await send(run.edge.url, `/cross-account/item/${i}`);
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ path: `/cross-account/item/${i}`, headers: { host: CROSS_ACCOUNT_HOST } });
    }
    const calls = run.edge.sts?.calls ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ roleArn: CROSS_ACCOUNT_ROLE_ARN, status: 200, code: "AssumeRole" });
    const keys = new Set(
      Array.from(
        { length: 20 },
        (_, i) => /Credential=(\w+)\//.exec(run.lastExchange("GET", `/cross-account/item/${i}`).wire?.headers.authorization ?? "")?.[1],
      ),
    );
    expect(keys.size).toBe(1);
    const [assumed] = keys;
    expect(assumed).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed).not.toBe(credentials.accessKeyId);
  });

  it("the other account's origin refuses the execution role's own signature", async () => {
    const url = run.edge.behaviors.find((b) => b.pathPattern === "/cross-account/*")?.url ?? "";
    const signed = aws4.sign({ host: CROSS_ACCOUNT_HOST, path: "/cross-account/item/0", service: "lambda", region: "us-east-1", method: "GET" }, credentials);
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]));
    const answer = await send(url, "/cross-account/item/0", { headers });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ Message: "Forbidden" });
  });

  it("the edge prints no secret: neither the execution role's nor the assumed session's", () => {
    const printed = run.printed.join("\n");
    expect(printed).toContain("x-amz-security-token:<redacted>");
    expect(printed).not.toContain(credentials.secretAccessKey);
    expect(printed).not.toContain(credentials.sessionToken.slice(0, 40));
    // Issued session tokens start as STS's do; secret keys are 40 base64 characters (hashes, hex, are not secrets).
    expect(printed).not.toContain("IQoJb3JpZ2luX2Vj");
    // (nor are request ids, X-Amz-Cf-Id).
    const candidates = printed.replace(/x-amz-cf-id:\S+/g, "").match(/[A-Za-z0-9+/]{40,}/g) ?? [];
    expect(candidates.filter((run) => !/^[0-9a-f]+$/.test(run))).toEqual([]);
    expect(printed).not.toMatch(/Signature=[0-9a-f]{16}/);
  });
});
