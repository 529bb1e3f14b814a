// S3's answers: empty bodies, XML documents, and its error document.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { xmlEscape } from "../xml.ts";

export const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** An AWS-style request id: 16 upper-case hex digits (S3's x-amz-request-id). */
export function awsRequestId(): string {
  return randomBytes(8).toString("hex").toUpperCase();
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.setHeader("Content-Length", 0);
  res.writeHead(status);
  res.end();
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(XML_DECLARATION + xml);
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": body.length });
  res.end(body);
}

/** S3's error document; HEAD answers carry no body, as S3's do. */
export function sendError(
  res: ServerResponse,
  method: string,
  status: number,
  code: string,
  message: string,
  fields: Readonly<Record<string, string>> = {},
): void {
  const extra = Object.entries(fields)
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join("");
  const requestId = String(res.getHeader("x-amz-request-id") ?? awsRequestId());
  const hostId = String(res.getHeader("x-amz-id-2") ?? "");
  const body = Buffer.from(
    `${XML_DECLARATION}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${xmlEscape(hostId)}</HostId></Error>`,
  );
  res.setHeader("Content-Type", "application/xml");
  if (method === "HEAD") {
    res.writeHead(status);
    res.end();
    return;
  }
  res.setHeader("Content-Length", body.length);
  res.writeHead(status);
  res.end(body);
}

export function noSuchBucket(res: ServerResponse, method: string, name: string): void {
  sendError(res, method, 404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
}

export function methodNotAllowed(res: ServerResponse, method: string, resourceType: "SERVICE" | "BUCKET" | "OBJECT"): void {
  res.setHeader("Allow", resourceType === "SERVICE" ? "GET" : "HEAD, DELETE, GET, PUT");
  sendError(res, method, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: method, ResourceType: resourceType });
}
