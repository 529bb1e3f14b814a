// The round trip from the edge to the origin: the wire request sent as built, the answer
// returned as a stream. Like curl's --resolve, an origin's host name may be mapped to a local
// address (a stand-in for an AWS endpoint): the edge connects there, in plain HTTP (the stand-ins
// speak no TLS), and the request, its Host header included, stays what it would be for AWS.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { WireRequest } from "../cloudfront-emulator/index.ts";

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export class OriginError extends Error {
  /** "connect": no connection; "timeout": no answer within the read timeout. */
  readonly kind: "connect" | "timeout";
  constructor(kind: "connect" | "timeout", message: string) {
    super(message);
    this.name = "OriginError";
    this.kind = kind;
  }
}

/** Where the edge connects instead of resolving an origin's host name. */
export interface OriginAddress {
  readonly host: string;
  readonly port: number;
}

/** Sends the wire request; resolves with the origin's response, or rejects with an OriginError. */
export function sendToOrigin(wire: WireRequest, readTimeoutMs: number, address?: OriginAddress): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(wire.headers)) headers[wire.headerNames[name] ?? name] = value;
    const protocol = address ? "http" : wire.protocol;
    const send = protocol === "https" ? httpsRequest : httpRequest;
    let connected = false;
    const req = send({
      host: address?.host ?? wire.hostname,
      port: address?.port ?? wire.port,
      method: wire.method,
      path: wire.target,
      headers,
      agent: agents[protocol],
      ...(protocol === "https" ? { servername: wire.hostname } : {}),
      setHost: false,
    });
    req.setTimeout(readTimeoutMs, () => req.destroy(new OriginError("timeout", `the origin did not answer within ${readTimeoutMs / 1000} s`)));
    req.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once("connect", () => (connected = true));
    });
    req.on("response", resolve);
    req.on("error", (error) => reject(error instanceof OriginError ? error : new OriginError(connected ? "timeout" : "connect", error.message)));
    req.end(wire.body.length > 0 ? wire.body : undefined);
  });
}
