// The checks the configuration parser and the x-sigv4-role-arn header will use. Accepted and
// refused values follow IAM's and STS's documented constraints; a problem says how to fix it and
// never repeats the value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationSecondsProblem, externalIdProblem, roleArnProblem, sessionNameProblem, stsEndpointProblem } from "../../src/assume-role/parameters.ts";

const NAME_CHARS = "abcXYZ019+=,.@_-";

describe("roleArnProblem", () => {
  it.each([
    "arn:aws:iam::123456789012:role/edge-origin-reader",
    "arn:aws:iam::123456789012:role/service-role/a/b/Name+=,.@_-",
    "arn:aws-cn:iam::123456789012:role/r",
    "arn:aws-us-gov:iam::123456789012:role/r",
    `arn:aws:iam::123456789012:role/${"n".repeat(64)}`,
  ])("accepts %s", (arn) => {
    expect(roleArnProblem(arn)).toBeUndefined();
  });

  it.each([
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:sts::123456789012:assumed-role/r/s",
    "arn:aws:iam::12345678901:role/r",
    "arn:aws:iam:eu-west-1:123456789012:role/r",
    "arn:aws:iam::123456789012:role/",
    "arn:aws:iam::123456789012:role/path/",
    "arn:aws:iam::123456789012:role/has space",
    "arn:aws:iam::123456789012:role/r\r\nx-injected: 1",
    `arn:aws:iam::123456789012:role/${"n".repeat(65)}`,
    `arn:aws:iam::123456789012:role/${"p/".repeat(1100)}r`,
    " arn:aws:iam::123456789012:role/r",
    "",
  ])("refuses %j", (arn) => {
    const problem = roleArnProblem(arn);
    expect(problem).toMatch(/^must be an IAM role ARN such as "arn:aws:iam::123456789012:role\/edge-origin-reader"/);
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 42, {}, ["arn:aws:iam::123456789012:role/r"]]) expect(roleArnProblem(value)).toBeDefined();
  });
});

describe("externalIdProblem", () => {
  it("accepts 2 to 1224 characters of letters, digits and +=,.@:/_-", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZ09+=,.@:/_-"), minLength: 2, maxLength: 1224 }), (id) => {
        expect(externalIdProblem(id)).toBeUndefined();
      }),
    );
  });

  it.each([["Q"], ["Q".repeat(1225)], ["has space"], ["semi;colon"], ["quote'"], ["ümlaut"]])("refuses %j, saying where the value comes from", (id) => {
    const problem = externalIdProblem(id);
    expect(problem).toMatch(/^must be 2 to 1224 characters .*sts:ExternalId condition in the role's trust policy$/);
    expect(problem).not.toContain(id);
  });
});

describe("sessionNameProblem", () => {
  it("accepts 2 to 64 characters of letters, digits and +=,.@_-", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 2, maxLength: 64 }), (name) => {
        expect(sessionNameProblem(name)).toBeUndefined();
      }),
    );
  });

  it("refuses any name with another character, or of another length", () => {
    const other = fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }).filter((c) => !/^[\w+=,.@-]$/.test(c));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 30 }), other, (name, bad) => {
        expect(sessionNameProblem(name + bad)).toMatch(/^must be 2 to 64 characters/);
      }),
    );
    expect(sessionNameProblem("x")).toBeDefined();
    expect(sessionNameProblem("x".repeat(65))).toBeDefined();
  });
});

describe("durationSecondsProblem", () => {
  it.each([900, 1800, 3600])("accepts %i", (seconds) => {
    expect(durationSecondsProblem(seconds)).toBeUndefined();
  });

  it.each([899, 0, -900, 43201, 900.5, Number.NaN, "900", undefined])("refuses %j as out of range", (seconds) => {
    expect(durationSecondsProblem(seconds)).toBe("must be a whole number of seconds from 900 (15 minutes) to 3600 (1 hour)");
  });

  it.each([3601, 7200, 43200])("refuses %i, explaining role chaining", (seconds) => {
    expect(durationSecondsProblem(seconds)).toMatch(/^must be at most 3600 \(1 hour\): .*role chaining/);
  });
});

describe("stsEndpointProblem", () => {
  it.each([
    "https://sts.eu-west-1.amazonaws.com/",
    "https://vpce-0123-abcd.sts.eu-west-1.vpce.amazonaws.com",
    "http://127.0.0.1:4566/",
    "http://localhost:8080/sts/",
    "http://[::1]:9000/",
  ])("accepts %s", (url) => {
    expect(stsEndpointProblem(url)).toBeUndefined();
  });

  it.each([
    "http://sts.eu-west-1.amazonaws.com/",
    "https://user:pw@sts.example.com/",
    "https://sts.example.com/?a=1",
    "https://sts.example.com/#x",
    "sts.eu-west-1.amazonaws.com",
    "ftp://127.0.0.1/",
    42,
  ])("refuses %j", (url) => {
    expect(stsEndpointProblem(url)).toMatch(/^must be an https URL such as "https:\/\/sts.eu-west-1.amazonaws.com\/" \(http only to 127.0.0.1/);
  });
});
