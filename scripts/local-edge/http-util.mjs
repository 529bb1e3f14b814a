// Small helpers shared by the edge and the embedded origins (node:http only).
import { randomBytes } from "node:crypto";

export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body over ${limit} bytes`);
    this.name = "BodyTooLargeError";
    this.limit = limit;
  }
}

/** Reads a whole request body into one Buffer; rejects with BodyTooLargeError past `limit` bytes. */
export function readBody(stream, limit = Infinity) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    let failed = false;
    stream.on("data", (chunk) => {
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
    let ended = false;
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
export function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address().port);
    });
  });
}

/** Stops accepting connections, closes idle keep-alive sockets, resolves once closed. */
export function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections?.();
    // Connections still busy after a moment (a stuck client) are not worth waiting for.
    setTimeout(() => server.closeAllConnections?.(), 1000).unref();
  });
}

/** Escapes XML text content (S3 leaves quotes as they are in its messages). */
export function xmlEscape(value) {
  return String(value).replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
}

export function xmlUnescape(value) {
  return value.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (whole, name, dec, hex) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name] ?? whole;
  });
}

/** An AWS-style request id: 16 upper-case hex digits (S3's x-amz-request-id). */
export function awsRequestId() {
  return randomBytes(8).toString("hex").toUpperCase();
}
