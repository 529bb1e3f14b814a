// The AssumeRole call as it goes on the wire. Oracles: aws4 (an independent SigV4 signer) recomputes
// the signature for the real regional endpoint; URLSearchParams decodes the form body; and over
// loopback the STS stand-in, which verifies with aws4 from the raw request, refuses any change
// made to the request after it was signed.
import { createRequire } from "node:module";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assumeRole, type FetchLike } from "../../src/assume-role/assume-role.ts";
import { StsRefusedError } from "../../src/assume-role/errors.ts";
import { assumeRoleBody } from "../../src/assume-role/sts-request.ts";
import { CALLER, EXTERNAL_ID, PARAMETERS, REGION, ROLE_ARN, type StsFixture, startSts } from "./assume-role-fixture.ts";

type Aws4 = { RequestSigner: new (request: object, credentials: object) => { datetime?: string; authHeader(): string } };
const aws4 = createRequire(import.meta.url)("aws4") as Aws4;

const NOW = new Date("2026-11-29T12:34:56Z");
const ANSWER = `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA0123456789ABCDEF</AccessKeyId><SecretAccessKey>s</SecretAccessKey>
<SessionToken>t</SessionToken><Expiration>2026-11-29T13:34:56Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;

interface Sent {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** A fetch that records the request and answers like STS, without a network. */
function recordingFetch(sent: Sent[]): FetchLike {
  return async (url, init) => {
    sent.push({ url, headers: init.headers, body: init.body });
    return { status: 200, text: async () => ANSWER };
  };
}

describe("the request", () => {
  it("goes to the replica's regional endpoint, signed as aws4 signs it", async () => {
    const sent: Sent[] = [];
    await assumeRole(PARAMETERS, { credentials: CALLER, region: REGION, now: NOW, fetch: recordingFetch(sent) });
    const [request] = sent;
    expect(request?.url).toBe("https://sts.eu-west-1.amazonaws.com/");
    expect(Object.keys(request?.headers ?? {}).sort()).toEqual(["authorization", "content-type", "x-amz-date", "x-amz-security-token"]);
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(request?.headers["x-amz-date"]).toBe("20261129T123456Z");
    expect(request?.headers["x-amz-security-token"]).toBe(CALLER.sessionToken);

    const independent = new aws4.RequestSigner(
      {
        host: "sts.eu-west-1.amazonaws.com",
        method: "POST",
        path: "/",
        body: request?.body,
        service: "sts",
        region: REGION,
        doNotModifyHeaders: true,
        headers: {
          host: "sts.eu-west-1.amazonaws.com",
          "content-type": "application/x-www-form-urlencoded; charset=utf-8",
          "x-amz-date": "20261129T123456Z",
          "x-amz-security-token": CALLER.sessionToken,
        },
      },
      { accessKeyId: CALLER.accessKeyId, secretAccessKey: CALLER.secretAccessKey },
    );
    // aws4 leaves headers alone (doNotModifyHeaders), so it is told the signing time itself.
    independent.datetime = "20261129T123456Z";
    expect(request?.headers.authorization).toBe(independent.authHeader());
    expect(request?.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${CALLER.accessKeyId}/20261129/eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$`,
      ),
    );
  });

  it.each([
    ["cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn/"],
    ["ap-southeast-7", "https://sts.ap-southeast-7.amazonaws.com/"],
  ])("in %s goes to %s", async (region, url) => {
    const sent: Sent[] = [];
    await assumeRole(PARAMETERS, { credentials: CALLER, region, now: NOW, fetch: recordingFetch(sent) });
    expect(sent[0]?.url).toBe(url);
    expect(sent[0]?.headers.authorization).toContain(`/20261129/${region}/sts/aws4_request`);
  });

  it("carries exactly the parameters, however the role path and external id are spelled", () => {
    const external = fc.string({ unit: fc.constantFrom(..."aZ09+=,.@:/_-"), minLength: 2, maxLength: 80 });
    const path = fc.string({ unit: fc.constantFrom(..."ab!'()*+%&=~/"), maxLength: 30 }).map((p) => `/${p}/`.replace(/\/+/g, "/"));
    fc.assert(
      fc.property(external, path, fc.integer({ min: 900, max: 3600 }), (externalId, rolePath, durationSeconds) => {
        const roleArn = `arn:aws:iam::123456789012:role${rolePath}name`;
        const form = new URLSearchParams(assumeRoleBody({ roleArn, externalId, sessionName: "s.n@x", durationSeconds }));
        expect([...form]).toEqual([
          ["Action", "AssumeRole"],
          ["Version", "2011-06-15"],
          ["RoleArn", roleArn],
          ["RoleSessionName", "s.n@x"],
          ["DurationSeconds", String(durationSeconds)],
          ["ExternalId", externalId],
        ]);
      }),
    );
    const { externalId: _, ...withoutExternalId } = PARAMETERS;
    expect(new URLSearchParams(assumeRoleBody(withoutExternalId)).has("ExternalId")).toBe(false);
  });
});

function oneSecondLater(amzDate: string): string {
  const iso = amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z");
  return new Date(Date.parse(iso) + 1000).toISOString().replace(/[-:]|\.\d{3}/g, "");
}

describe("over loopback, the stand-in verifies the signature with aws4", () => {
  let fixture: StsFixture;
  beforeAll(async () => {
    fixture = await startSts();
  });
  afterAll(async () => {
    await fixture.sts.close();
  });

  /** Real fetch, with the request changed after it was signed. */
  const tampering =
    (change: (request: { headers: Record<string, string>; body: string }) => void): FetchLike =>
    (url, init) => {
      const changed = { headers: { ...init.headers }, body: init.body };
      change(changed);
      return fetch(url, { ...init, ...changed });
    };

  it("accepts the call as signed, and it carried the external id", async () => {
    const credentials = await assumeRole(PARAMETERS, fixture.context());
    expect(credentials.accessKeyId).toBe(fixture.issued.at(-1)?.accessKeyId);
    expect(fixture.sts.calls.at(-1)).toMatchObject({ status: 200, roleArn: ROLE_ARN, externalId: EXTERNAL_ID });
  });

  type Tamper = (request: { headers: Record<string, string>; body: string }) => void;
  const cases: Array<[string, Tamper, string]> = [
    [
      "a changed body",
      (r) => {
        r.body = r.body.replace("DurationSeconds=900", "DurationSeconds=901");
      },
      "SignatureDoesNotMatch",
    ],
    [
      "a changed content-type",
      (r) => {
        r.headers["content-type"] = "application/x-www-form-urlencoded";
      },
      "SignatureDoesNotMatch",
    ],
    [
      "a changed x-amz-date",
      (r) => {
        r.headers["x-amz-date"] = oneSecondLater(r.headers["x-amz-date"] ?? "");
      },
      "SignatureDoesNotMatch",
    ],
    [
      "an x-amz-date of another day than the scope",
      (r) => {
        r.headers["x-amz-date"] = "20000101T000000Z";
      },
      "SignatureDoesNotMatch",
    ],
    [
      "a changed signature",
      (r) => {
        r.headers.authorization = (r.headers.authorization ?? "").replace(/.$/, (c) => (c === "0" ? "1" : "0"));
      },
      "SignatureDoesNotMatch",
    ],
    [
      "no session token",
      (r) => {
        delete r.headers["x-amz-security-token"];
      },
      "InvalidClientTokenId",
    ],
  ];
  it.each(cases)("refuses %s", async (_, tamper, code) => {
    const error = await assumeRole(PARAMETERS, fixture.context(new Date(), { fetch: tampering(tamper) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StsRefusedError);
    expect(error).toMatchObject({ code });
  });
});
