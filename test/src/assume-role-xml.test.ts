// Reading STS's XML without an XML library. Oracles: documents shaped like the STS API reference's
// examples, and documents written by the AWS SDK's own XML writer (@aws-sdk/xml-builder, which
// escapes independently of us) from arbitrary values, which must read back exactly.
import { XmlNode } from "@aws-sdk/xml-builder";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAssumeRoleResponse, parseStsError, unescapeXml, XmlShapeError } from "../../src/assume-role/sts-xml.ts";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const TOKEN = `IQoJb3JpZ2luX2VjEPr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ${"Dx7+/Qe9".repeat(100)}==`;

// The layout of the AssumeRole example in the STS API reference (values made up).
const EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<AssumeRoleResponse xmlns="${NS}">
  <AssumeRoleResult>
  <SourceIdentity>DevUser123</SourceIdentity>
  <AssumedRoleUser>
    <Arn>arn:aws:sts::123456789012:assumed-role/demo/John</Arn>
    <AssumedRoleId>ARO123EXAMPLE123:John</AssumedRoleId>
  </AssumedRoleUser>
  <Credentials>
    <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
    <SessionToken>
     ${TOKEN}
    </SessionToken>
    <Expiration>2019-11-09T13:34:41Z</Expiration>
  </Credentials>
  <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;

function credentialsDocument(values: Record<string, string>): string {
  const credentials = new XmlNode("Credentials");
  for (const [name, value] of Object.entries(values)) credentials.addChildNode(XmlNode.of(name, value));
  return new XmlNode("AssumeRoleResponse").addAttribute("xmlns", NS).addChildNode(new XmlNode("AssumeRoleResult").addChildNode(credentials)).toString();
}

function errorDocument(code: string, message: string): string {
  const error = new XmlNode("Error")
    .addChildNode(XmlNode.of("Type", "Sender"))
    .addChildNode(XmlNode.of("Code", code))
    .addChildNode(XmlNode.of("Message", message));
  return new XmlNode("ErrorResponse").addAttribute("xmlns", NS).addChildNode(error).addChildNode(XmlNode.of("RequestId", "r-1")).toString();
}

describe("parseAssumeRoleResponse", () => {
  it("reads the credentials of STS's example answer", () => {
    expect(parseAssumeRoleResponse(EXAMPLE)).toEqual({
      accessKeyId: "ASIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
      sessionToken: TOKEN,
      expiration: new Date("2019-11-09T13:34:41Z"),
    });
  });

  it("reads back any header-safe secret and token the SDK's XML writer escaped", () => {
    const headerSafe = fc.string({ unit: fc.constantFrom(..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~aZ09"), minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(headerSafe, headerSafe, fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }), (secret, token, date) => {
        const expiration = date.toISOString();
        const xml = credentialsDocument({ AccessKeyId: "ASIA0123456789ABCDEF", SecretAccessKey: secret, SessionToken: token, Expiration: expiration });
        expect(parseAssumeRoleResponse(xml)).toEqual({ accessKeyId: "ASIA0123456789ABCDEF", secretAccessKey: secret, sessionToken: token, expiration: date });
      }),
    );
  });

  it("ignores attributes, and refuses comments and CDATA (STS writes neither; a comment could hide a decoy)", () => {
    const withAttributes = `<AssumeRoleResponse><AssumeRoleResult><Credentials kind="temporary"><AccessKeyId>ASIA0123456789ABCDEF</AccessKeyId>
      <SecretAccessKey>a&lt;b&amp;c</SecretAccessKey><SessionToken>t&amp;lt;k</SessionToken>
      <Expiration>2030-01-01T00:00:00.000Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
    expect(parseAssumeRoleResponse(withAttributes)).toMatchObject({ accessKeyId: "ASIA0123456789ABCDEF", secretAccessKey: "a<b&c", sessionToken: "t&lt;k" });
    const decoy = withAttributes.replace(
      "<AssumeRoleResult>",
      "<!-- <AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKEFAKEFAKEFAKE</AccessKeyId> --><AssumeRoleResult>",
    );
    expect(() => parseAssumeRoleResponse(decoy)).toThrow(/a comment or CDATA section, which STS never writes/);
    const cdata = withAttributes.replace("a&lt;b&amp;c", "<![CDATA[a<b&c]]>");
    expect(() => parseAssumeRoleResponse(cdata)).toThrow(/a comment or CDATA section/);
    expect(() => parseStsError(`<ErrorResponse><Error><Code>X</Code><Message><![CDATA[m]]></Message></Error></ErrorResponse>`)).toThrow(XmlShapeError);
  });

  const valid = { AccessKeyId: "ASIA0123456789ABCDEF", SecretAccessKey: "s3cr3t", SessionToken: "t0k3n", Expiration: "2030-01-01T00:00:00Z" };
  it.each([
    ["an error document", errorDocument("AccessDenied", "no"), /no <AssumeRoleResponse><AssumeRoleResult><Credentials>/],
    ["no token", credentialsDocument({ ...valid, SessionToken: "" }), /<SessionToken> is missing or malformed/],
    ["a token with a space", credentialsDocument({ ...valid, SessionToken: "a b" }), /<SessionToken> is missing or malformed/],
    ["a token with a line break", credentialsDocument({ ...valid, SessionToken: "a\r\nX-Evil: 1" }), /<SessionToken> is missing or malformed/],
    ["a short key id", credentialsDocument({ ...valid, AccessKeyId: "ASIA" }), /<AccessKeyId> is missing or malformed/],
    ["a date that is not ISO", credentialsDocument({ ...valid, Expiration: "Sat, 09 Nov 2019 13:34:41 GMT" }), /<Expiration> is missing/],
    ["an impossible date", credentialsDocument({ ...valid, Expiration: "2030-13-45T00:00:00Z" }), /<Expiration> is not a date/],
    ["an unclosed element", "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA0123456789ABCDEF", /<AssumeRoleResponse> is not closed/],
    ["markup inside a leaf", credentialsDocument(valid).replace("s3cr3t", "<b>s3cr3t</b>"), /<SecretAccessKey> holds markup/],
    ["a comment", `<!-- ${credentialsDocument(valid)}`, /a comment or CDATA section/],
  ])("refuses %s, without repeating the values", (_, xml, message) => {
    expect(() => parseAssumeRoleResponse(xml)).toThrow(XmlShapeError);
    expect(() => parseAssumeRoleResponse(xml)).toThrow(message);
    try {
      parseAssumeRoleResponse(xml);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/s3cr3t|t0k3n|Evil/);
    }
  });
});

describe("parseStsError", () => {
  it("reads STS's error document", () => {
    const xml = `<ErrorResponse xmlns="${NS}">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:sts::111122223333:assumed-role/edge/us-east-1.fn is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222233334444:role/r</Message>
  </Error>
  <RequestId>4a4d3c3a-0000-0000-0000-000000000000</RequestId>
</ErrorResponse>`;
    expect(parseStsError(xml)).toEqual({
      type: "Sender",
      code: "AccessDenied",
      message:
        "User: arn:aws:sts::111122223333:assumed-role/edge/us-east-1.fn is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222233334444:role/r",
    });
  });

  it("reads back any message the SDK's XML writer escaped", () => {
    // Raw spaces and tabs at either end are layout (the writer does not escape them); line breaks are escaped, so they stay.
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (message) => {
        expect(parseStsError(errorDocument("ValidationError", message))?.message).toBe(message.replace(/^[ \t]+|[ \t]+$/g, ""));
      }),
    );
  });

  it("is undefined for what is not an error document, and an error for a broken one", () => {
    expect(parseStsError("<html><body>Bad Gateway</body></html>")).toBeUndefined();
    expect(parseStsError("")).toBeUndefined();
    expect(() => parseStsError("<ErrorResponse><Error><Message>x</Message></Error></ErrorResponse>")).toThrow(/<Error><Code> is missing/);
    expect(() => parseStsError("<ErrorResponse><Error><Code>A B</Code></Error></ErrorResponse>")).toThrow(/<Error><Code> is missing or malformed/);
    expect(parseStsError("<Response><Errors><Error><Code>Throttling</Code><Type/></Error></Errors></Response>")).toEqual({
      type: undefined,
      code: "Throttling",
      message: "",
    });
  });
});

describe("unescapeXml", () => {
  it.each([
    ["&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;", "<a> & \"b\" 'c'"],
    ["&#65;&#x42;&#x1F600;", "AB\u{1F600}"],
    ["&amp;lt;", "&lt;"],
    ["no references", "no references"],
  ])("%s → %s", (text, decoded) => {
    expect(unescapeXml(text, "<T>")).toBe(decoded);
  });

  it.each([["a & b"], ["&nbsp;"], ["&#0;"], ["&#xD800;"], ["&#x110000;"], ["&verylongname;"], ["&#;"]])("refuses %s", (text) => {
    expect(() => unescapeXml(text, "<T>")).toThrow(XmlShapeError);
  });
});
