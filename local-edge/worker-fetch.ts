// The function environment's "DNS": the function's own `fetch` calls (STS AssumeRole) to a host
// played by a local stand-in go to that stand-in's address instead, in plain HTTP, with the
// request (method, path, headers, Host as signed, body) unchanged. The bundle is the one deploy
// uploads, byte for byte: only where a host name leads differs. Other AWS hosts are refused, so
// that nothing of an embedded run reaches AWS; anything else goes to the real fetch.
import { request as httpRequest } from "node:http";
import type { OriginAddress } from "./origin-client.ts";

const AWS_HOST = /(^|\.)(amazonaws\.com(\.cn)?|on\.aws)$/;

type Fetch = typeof fetch;

function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** One request to the stand-in with node:http (fetch would not keep the Host header as signed). */
function sendTo(address: OriginAddress, url: URL, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== "string") return reject(new TypeError("the local edge's fetch to a stand-in takes a string body only"));
    const req = httpRequest(
      {
        host: address.host,
        port: address.port,
        method: init.method ?? "GET",
        path: url.pathname + url.search,
        headers: { ...headerRecord(init.headers), host: url.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers.set(name, value);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502, headers }));
        });
        res.on("error", reject);
      },
    );
    const abort = (): void => {
      req.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
    req.on("close", () => signal?.removeEventListener("abort", abort));
    req.on("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
    req.end(body);
  });
}

/** A fetch that sends requests for the mapped hosts to their local address, and refuses other AWS hosts. */
export function standInFetch(hosts: Readonly<Record<string, OriginAddress>>, realFetch: Fetch): Fetch {
  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const address = hosts[url.hostname];
    if (address) return sendTo(address, url, init);
    if (AWS_HOST.test(url.hostname)) {
      return Promise.reject(
        new TypeError("fetch failed", { cause: new Error(`the local edge keeps ${url.hostname} out of reach: an embedded run never calls AWS`) }),
      );
    }
    return realFetch(input, init);
  };
}
