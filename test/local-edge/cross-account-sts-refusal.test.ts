// When STS refuses or answers nonsense (the stand-in's faults), the function answers the viewer
// itself with its clear 502 through the edge, naming the STS error code; nothing reaches the
// origin. A failed AssumeRole is not remembered: once STS answers again, the request goes through.
import { describe, expect, it } from "vitest";
import { send, useRecordingEdge } from "./helpers.ts";

const run = useRecordingEdge();

describe("/cross-account/* when STS refuses", () => {
  it("AccessDenied from STS: the function's 502, the request's line says why", async () => {
    const sts = run.edge.sts;
    if (!sts) throw new Error("the embedded run has an STS stand-in");
    sts.fault = { kind: "error", status: 403, code: "AccessDenied", message: "User is not authorized to perform: sts:AssumeRole" };
    const answer = await send(run.edge.url, "/cross-account/a");
    expect(answer.status).toBe(502);
    expect(answer.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(answer.text) as { message: string };
    expect(body.message).toMatch(/^edge-sigv4: cannot sign for origin \S+: AssumeRole of its role failed \(AccessDenied\)$/);
    const exchange = run.lastExchange("GET", "/cross-account/a");
    expect(exchange.outcome).toBe("response");
    expect(exchange.wire).toBeUndefined();
    expect(run.printed).toContainEqual(expect.stringMatching(/^GET \/cross-account\/a 502 \d+B \d+ms function answered: .*AccessDenied/));
    expect(sts.calls.at(-1)).toMatchObject({ status: 403, code: "AccessDenied" });
  });

  it("an answer that is not STS's: 502 MalformedResponse; then STS answers and the request goes through", async () => {
    const sts = run.edge.sts;
    if (!sts) throw new Error("the embedded run has an STS stand-in");
    sts.fault = { kind: "raw", status: 500, body: "<html>upstream error</html>" };
    const broken = await send(run.edge.url, "/cross-account/b");
    expect(broken.status).toBe(502);
    expect(broken.text).toContain("AssumeRole of its role failed (MalformedResponse)");

    sts.fault = undefined;
    const ok = await send(run.edge.url, "/cross-account/b");
    expect(ok.status, ok.text).toBe(200);
    expect(sts.calls.at(-1)).toMatchObject({ status: 200, code: "AssumeRole" });
  });
});
