// Small node:http helpers shared by the edge and the embedded origins.
import type { Server } from "node:http";
import type { Readable } from "node:stream";

export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = "BodyTooLargeError";
    this.limit = limit;
  }
}

/** Reads a whole request body into one Buffer; rejects with BodyTooLargeError past `limit` bytes. */
export function readBody(stream: Readable, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let failed = false;
    let ended = false;
    stream.on("data", (chunk: Buffer) => {
      if (failed) return;
      length += chunk.length;
      if (length > limit) {
        failed = true;
        stream.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => {
      ended = true;
      if (!failed) resolve(Buffer.concat(chunks, length));
    });
    stream.on("error", (error) => failed || reject(error));
    // A client that goes away mid-body: no "end" will come.
    stream.on("close", () => ended || failed || reject(new Error("the client closed the connection before the end of the body")));
  });
}

/** Listens on host:port (0 picks a free port) and resolves with the port in use. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/** Stops accepting connections, closes idle keep-alive sockets, resolves once closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // Connections still busy after a moment (a stuck client) are not worth waiting for.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
