// The CloudFront public key and key group endpoints, for the loopback fake (fake-aws.ts): kept in
// memory so that a second deploy finds what the first one created, with ETags that change on
// every write and a PreconditionFailed for a stale If-Match, as CloudFront answers.
import type { IncomingHttpHeaders } from "node:http";

const XMLNS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
const CREATED = "2026-11-22T12:00:00.000Z";

export type FakePublicKey = { id: string; name: string; encodedKey: string; comment: string; callerReference: string };
export type FakeKeyGroup = { id: string; name: string; items: string[]; comment: string; etag: string };
export type KeyState = { publicKeys: FakePublicKey[]; keyGroups: FakeKeyGroup[] };
export type XmlAnswer = { status: number; xml: string; etag?: string };

const tag = (xml: string, name: string): string => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? "";
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>${body.replace(/^<(\w+)>/, `<$1 xmlns="${XMLNS}">`)}`;

const keyConfigXml = (k: FakePublicKey) =>
  `<CallerReference>${k.callerReference}</CallerReference><Name>${k.name}</Name><EncodedKey>${k.encodedKey}</EncodedKey><Comment>${k.comment}</Comment>`;
const groupXml = (g: FakeKeyGroup) =>
  `<KeyGroup><Id>${g.id}</Id><LastModifiedTime>${CREATED}</LastModifiedTime><KeyGroupConfig><Name>${g.name}</Name><Items>${g.items
    .map((id) => `<PublicKey>${id}</PublicKey>`)
    .join("")}</Items><Comment>${g.comment}</Comment></KeyGroupConfig></KeyGroup>`;
const error = (status: number, code: string, message: string): XmlAnswer => ({
  status,
  xml: doc(`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`),
});

/** Answers the public key and key group routes, or undefined for any other route. */
export function answerKeyRoute(state: KeyState, method: string, path: string, headers: IncomingHttpHeaders, body: string): XmlAnswer | undefined {
  if (method === "GET" && path === "/2020-05-31/public-key") {
    const items = state.publicKeys.map(
      (k) =>
        `<PublicKeySummary><Id>${k.id}</Id><Name>${k.name}</Name><CreatedTime>${CREATED}</CreatedTime><EncodedKey>${k.encodedKey}</EncodedKey><Comment>${k.comment}</Comment></PublicKeySummary>`,
    );
    return {
      status: 200,
      xml: doc(`<PublicKeyList><MaxItems>100</MaxItems><Quantity>${items.length}</Quantity><Items>${items.join("")}</Items></PublicKeyList>`),
    };
  }
  if (method === "POST" && path === "/2020-05-31/public-key") {
    const key = {
      id: `K${String(state.publicKeys.length + 1).padStart(13, "0")}`,
      name: tag(body, "Name"),
      encodedKey: tag(body, "EncodedKey"),
      comment: tag(body, "Comment"),
      callerReference: tag(body, "CallerReference"),
    };
    state.publicKeys.push(key);
    return {
      status: 201,
      xml: doc(`<PublicKey><Id>${key.id}</Id><CreatedTime>${CREATED}</CreatedTime><PublicKeyConfig>${keyConfigXml(key)}</PublicKeyConfig></PublicKey>`),
      etag: "PK1",
    };
  }
  if (method === "GET" && path === "/2020-05-31/key-group") {
    const items = state.keyGroups.map((g) => `<KeyGroupSummary>${groupXml(g)}</KeyGroupSummary>`);
    return {
      status: 200,
      xml: doc(`<KeyGroupList><MaxItems>100</MaxItems><Quantity>${items.length}</Quantity><Items>${items.join("")}</Items></KeyGroupList>`),
    };
  }
  if (method === "POST" && path === "/2020-05-31/key-group") {
    const items = [...body.matchAll(/<PublicKey>([^<]*)<\/PublicKey>/g)].map((m) => m[1] ?? "");
    const group = { id: `kg-${state.keyGroups.length + 1}`, name: tag(body, "Name"), items, comment: tag(body, "Comment"), etag: "KG1" };
    state.keyGroups.push(group);
    return { status: 201, xml: doc(groupXml(group)), etag: group.etag };
  }
  const one = /^\/2020-05-31\/key-group\/([^/]+)$/.exec(path);
  const group = state.keyGroups.find((g) => g.id === one?.[1]);
  if (one && !group) return error(404, "NoSuchResource", "The specified key group does not exist.");
  if (group && method === "GET") return { status: 200, xml: doc(groupXml(group)), etag: group.etag };
  if (group && method === "PUT") {
    if (headers["if-match"] !== group.etag) return error(412, "PreconditionFailed", "The If-Match version is missing or not valid for the resource.");
    group.items = [...body.matchAll(/<PublicKey>([^<]*)<\/PublicKey>/g)].map((m) => m[1] ?? "");
    group.name = tag(body, "Name");
    group.etag = `KG${Number(group.etag.slice(2)) + 1}`;
    return { status: 200, xml: doc(groupXml(group)), etag: group.etag };
  }
  return undefined;
}
