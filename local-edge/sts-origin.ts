/**
 * An STS stand-in on node:http for the local edge and the tests: it answers AssumeRole (Query API,
 * form POST) as STS does, in STS's XML, after checking the call's own SigV4 signature from the raw
 * wire (sts-origin-auth.ts: recomputed with the `aws4` package, nothing of the function's signer).
 *
 * It knows the callers (keys the function may call STS with) and the roles they may assume (with
 * the external id a role's trust policy requires, if any). Each AssumeRole it grants hands out
 * fresh temporary credentials shaped like STS's (ASIA... key id, 40-character secret, a session
 * token of about a kilobyte, Expiration = now + DurationSeconds), reported to `onIssued` so that an
 * embedded origin can trust them. Faults for tests: never answer, drop the connection, answer an
 * error or any raw body. Its log lines and records never hold a key, token or signature.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticateStsCall, isRefusal, refuse, type StsCaller, type StsRefusal, sameText } from "./sts-origin-auth.ts";

export type { StsCaller } from "./sts-origin-auth.ts";

export interface AssumableRole {
  readonly roleArn: string;
  /** The trust policy's sts:ExternalId condition: a call without this exact value is denied. */
  readonly externalId?: string;
  /** The role's MaxSessionDuration (default 3600). */
  readonly maxSessionDuration?: number;
}
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly roleArn: string;
  readonly sessionName: string;
}
export type StsFault =
  | { readonly kind: "hang" }
  | { readonly kind: "reset" }
  | { readonly kind: "error"; readonly status: number; readonly code: string; readonly message: string; readonly type?: "Sender" | "Receiver" }
  | { readonly kind: "raw"; readonly status: number; readonly body: string };
/** What a call asked for and got: no secrets. */
export interface StsCallRecord {
  readonly roleArn?: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  readonly durationSeconds?: string;
  readonly status: number;
  readonly code: string;
}
export interface StsOriginOptions {
  /** The Region the endpoint plays (the scope calls must be signed for). */
  readonly region: string;
  readonly callers: readonly StsCaller[];
  readonly roles: readonly AssumableRole[];
  readonly onIssued?: (credentials: IssuedCredentials) => void;
  /** Default: the wall clock. Used for the x-amz-date check and Expiration. */
  readonly clock?: () => Date;
  readonly fault?: StsFault;
  /** Characters of each session token (default 1000; real ones run from about 700 to over 1,000). */
  readonly sessionTokenLength?: number;
  readonly log?: (line: string) => void;
}
export interface StsOrigin {
  /** `http://127.0.0.1:<port>/`: the endpoint to give the function (sts.endpoint). */
  readonly url: string;
  readonly calls: readonly StsCallRecord[];
  /** Set or clear a fault for the calls to come. */
  fault: StsFault | undefined;
  close(): Promise<void>;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const keyId = (prefix: string): string => prefix + [...randomBytes(16)].map((b) => BASE32[b % 32]).join("");

function errorXml(code: string, message: string, type: string): string {
  return `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`;
}

function successXml(issued: IssuedCredentials): string {
  const roleName = issued.roleArn.slice(issued.roleArn.lastIndexOf("/") + 1);
  const account = issued.roleArn.split(":")[4];
  const expiration = issued.expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `<AssumeRoleResponse xmlns="${NS}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>${keyId("AROA")}:${escapeXml(issued.sessionName)}</AssumedRoleId>
      <Arn>arn:aws:sts::${account}:assumed-role/${escapeXml(roleName)}/${escapeXml(issued.sessionName)}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${issued.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${escapeXml(issued.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${escapeXml(issued.sessionToken)}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`;
}

function assume(form: URLSearchParams, caller: StsCaller, options: StsOriginOptions, now: number): IssuedCredentials | StsRefusal {
  if (form.get("Action") !== "AssumeRole" || form.get("Version") !== "2011-06-15") {
    return refuse(400, "InvalidAction", `Could not find operation ${form.get("Action")} for version ${form.get("Version")}`);
  }
  const roleArn = form.get("RoleArn");
  const sessionName = form.get("RoleSessionName") ?? "";
  const duration = Number(form.get("DurationSeconds") ?? "3600");
  const externalId = form.get("ExternalId");
  const invalid = (value: string, field: string, constraint: string) =>
    refuse(400, "ValidationError", `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must ${constraint}`);
  if (!roleArn || roleArn.length < 20) return invalid(roleArn ?? "null", "roleArn", "have length greater than or equal to 20");
  if (!SESSION_NAME.test(sessionName)) return invalid(sessionName, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]{2,64}");
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200)
    return invalid(String(duration), "durationSeconds", "have value between 900 and 43200");
  if (externalId !== null && !EXTERNAL_ID.test(externalId)) return invalid("***", "externalId", "satisfy regular expression pattern: [\\w+=,.@:\\/-]{2,1224}");
  const policy = form.get("Policy");
  if (policy !== null) {
    try {
      JSON.parse(policy);
    } catch {
      return refuse(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format.");
    }
  }
  const role = options.roles.find((r) => r.roleArn === roleArn);
  if (!role || (role.externalId !== undefined && (externalId === null || !sameText(externalId, role.externalId)))) {
    const who = caller.arn ?? "arn:aws:sts::111122223333:assumed-role/edge-sigv4-execution/us-east-1.edge-sigv4";
    return refuse(403, "AccessDenied", `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
  if (caller.sessionToken !== undefined && duration > 3600) {
    return refuse(400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (duration > (role.maxSessionDuration ?? 3600))
    return refuse(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  const tokenLength = options.sessionTokenLength ?? 1000;
  return {
    accessKeyId: keyId("ASIA"),
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(tokenLength).toString("base64")}`.slice(0, tokenLength),
    expiration: new Date(Math.floor(now / 1000) * 1000 + duration * 1000),
    roleArn,
    sessionName,
  };
}

export async function startStsOrigin(options: StsOriginOptions): Promise<StsOrigin> {
  const calls: StsCallRecord[] = [];
  const log = options.log ?? (() => {});
  const clock = options.clock ?? (() => new Date());
  /** HTTP status, STS code (or what happened) and body. */
  const answer = (request: IncomingMessage, body: Buffer, form: URLSearchParams, fault: StsFault | undefined): [number, string, string] => {
    if (fault?.kind === "raw") return [fault.status, "raw", fault.body];
    const now = clock().getTime();
    let outcome: IssuedCredentials | StsRefusal;
    if (fault?.kind === "error") outcome = refuse(fault.status, fault.code, fault.message);
    else if (request.method !== "POST") outcome = refuse(400, "InvalidAction", "This STS stand-in answers POST form requests only.");
    else {
      const caller = authenticateStsCall(request, body, options, now);
      outcome = isRefusal(caller) ? caller : assume(form, caller, options, now);
    }
    if (isRefusal(outcome)) {
      const type = fault?.kind === "error" && fault.type ? fault.type : outcome.status >= 500 ? "Receiver" : "Sender";
      return [outcome.status, outcome.code, errorXml(outcome.code, outcome.message, type)];
    }
    options.onIssued?.(outcome);
    return [200, "AssumeRole", successXml(outcome)];
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const fault = origin.fault;
      if (fault?.kind === "hang") return void log(`sts-origin: ${request.method} ${request.url} (hanging)`);
      if (fault?.kind === "reset") return void request.socket.destroy();
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString("utf8"));
      const record = {
        ...(form.has("RoleArn") ? { roleArn: form.get("RoleArn") ?? "" } : {}),
        ...(form.has("RoleSessionName") ? { sessionName: form.get("RoleSessionName") ?? "" } : {}),
        ...(form.has("ExternalId") ? { externalId: form.get("ExternalId") ?? "" } : {}),
        ...(form.has("DurationSeconds") ? { durationSeconds: form.get("DurationSeconds") ?? "" } : {}),
      };
      const [status, code, xml] = answer(request, body, form, fault);
      calls.push({ ...record, status, code });
      log(`sts-origin: ${request.method} ${request.url} ${status} ${code}${record.roleArn ? ` ${record.roleArn}` : ""}`);
      response.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": randomUUID() }).end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin: StsOrigin = {
    url: `http://127.0.0.1:${port}/`,
    calls,
    fault: options.fault,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return origin;
}
