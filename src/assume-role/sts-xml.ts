/**
 * STS's two answers to AssumeRole, read by small string parsing (no XML library in the bundle):
 *
 *   <AssumeRoleResponse xmlns="..."><AssumeRoleResult>...<Credentials>
 *     <AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/></Credentials>...
 *   <ErrorResponse xmlns="..."><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
 *
 * An element is found by its exact name (attributes allowed) inside its parent's content; a
 * leaf's text may hold the five named and numeric character references, which are decoded once.
 * Comments and CDATA sections, which STS never writes, are refused rather than read (a comment
 * could hide a decoy element). Anything else is an XmlShapeError, whose message names the
 * element, never its content.
 */

export interface StsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface StsErrorDocument {
  readonly type: string | undefined;
  readonly code: string;
  readonly message: string;
}

export class XmlShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlShapeError";
  }
}

const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-z]{2,4}));/g;

/** Decodes character references once ("&amp;lt;" is "&lt;"); an unknown or invalid one is an error. */
export function unescapeXml(text: string, where: string): string {
  const decoded = text.replace(REFERENCE, (_reference, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const character = NAMED[name];
      if (character === undefined) throw new XmlShapeError(`${where} holds an unknown entity`);
      return character;
    }
    const point = Number.parseInt(hex ?? decimal ?? "", hex === undefined ? 10 : 16);
    if (point === 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) throw new XmlShapeError(`${where} holds an invalid character reference`);
    return String.fromCodePoint(point);
  });
  // A "&" left over did not start a reference that was decoded: not well-formed.
  if (/&/.test(text.replace(REFERENCE, ""))) throw new XmlShapeError(`${where} holds a bare "&"`);
  return decoded;
}

/** The content between `<name ...>` and `</name>` (first occurrence), "" for `<name/>`, undefined when absent. */
function content(xml: string, name: string): string | undefined {
  const open = new RegExp(`<${name}(?:\\s[^<>]*?)?(/?)>`).exec(xml);
  if (!open) return undefined;
  if (open[1] === "/") return "";
  const start = open.index + open[0].length;
  const close = new RegExp(`</${name}\\s*>`).exec(xml.slice(start));
  if (!close) throw new XmlShapeError(`<${name}> is not closed`);
  return xml.slice(start, start + close.index);
}

/** A leaf element's text: references decoded, no child elements. */
function text(xml: string, name: string): string | undefined {
  const inner = content(xml, name);
  return inner === undefined ? undefined : leafText(trimLayout(inner), name);
}

/** Layout around a leaf's text goes; whitespace written as a reference (&#x0A;) stays. */
function trimLayout(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && " \t\r\n".includes(text.charAt(start))) start++;
  while (end > start && " \t\r\n".includes(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

function leafText(chunk: string, name: string): string {
  if (chunk.includes("<")) throw new XmlShapeError(`<${name}> holds markup where text was expected`);
  return unescapeXml(chunk, `<${name}>`);
}

function refuseUnusual(xml: string): string {
  if (xml.includes("<!--") || xml.includes("<![CDATA[")) throw new XmlShapeError("a comment or CDATA section, which STS never writes");
  return xml;
}

function required(xml: string, path: readonly string[]): string {
  let scope = xml;
  for (const name of path) {
    const inner = content(scope, name);
    if (inner === undefined) throw new XmlShapeError(`no <${path.join("><")}>`);
    scope = inner;
  }
  return scope;
}

// What can go into a header: temporary credentials are sent as x-amz-security-token, and keys
// end up in an Authorization header. Anything else would be a header injection.
const ACCESS_KEY_ID = /^\w{16,128}$/;
const HEADER_SAFE = /^[!-~]+$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The credentials of a successful AssumeRole answer; throws XmlShapeError for anything else. */
export function parseAssumeRoleResponse(xml: string): StsCredentials {
  const credentials = required(refuseUnusual(xml), ["AssumeRoleResponse", "AssumeRoleResult", "Credentials"]);
  const field = (name: string, shape: RegExp): string => {
    const value = text(credentials, name);
    if (value === undefined || !shape.test(value)) throw new XmlShapeError(`<Credentials><${name}> is missing or malformed`);
    return value;
  };
  const accessKeyId = field("AccessKeyId", ACCESS_KEY_ID);
  const secretAccessKey = field("SecretAccessKey", HEADER_SAFE);
  const sessionToken = field("SessionToken", HEADER_SAFE);
  const expiration = new Date(field("Expiration", ISO_INSTANT));
  if (Number.isNaN(expiration.getTime())) throw new XmlShapeError("<Credentials><Expiration> is not a date");
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}

/** STS's error document, or undefined when the text is not one. */
export function parseStsError(xml: string): StsErrorDocument | undefined {
  const error = content(refuseUnusual(xml), "Error");
  if (error === undefined) return undefined;
  const code = text(error, "Code");
  if (!code || !/^[\w.:-]{1,128}$/.test(code)) throw new XmlShapeError("<Error><Code> is missing or malformed");
  return { type: text(error, "Type") || undefined, code, message: text(error, "Message") ?? "" };
}
