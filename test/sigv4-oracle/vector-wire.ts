// An official vector's signed request (`header-signed-request.txt`) as an origin receives it,
// and the expectations of the vector's context: what the oracle's vector tests judge.
import { type Credentials, type Expectations, type SignedRequest, splitTarget } from "../../sigv4-oracle/index.ts";
import { parseRawRequest, type VectorCase } from "../support/sigv4-test-suite.ts";

/** The vector's header-signed request on the wire. */
export function vectorWire(vector: VectorCase): SignedRequest {
  const raw = parseRawRequest(vector.read("header-signed-request.txt"));
  return { method: raw.method, ...splitTarget(raw.target), headers: raw.headers, body: Buffer.from(raw.body, "utf8") };
}

/** The caller of the vector's context, with its session token when it has one. */
export function vectorCaller(vector: VectorCase): Credentials {
  const { access_key_id: accessKeyId, secret_access_key: secretAccessKey, token } = vector.context.credentials;
  return token === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken: token };
}

/** What the origin of the vector knows: its service, region, caller and clock; normalize=false is S3's path rule. */
export function vectorExpectations(vector: VectorCase): Expectations {
  const { service, region, timestamp, normalize } = vector.context;
  return { service, region, credentials: vectorCaller(vector), now: new Date(timestamp), pathRules: normalize ? "standard" : "s3" };
}
