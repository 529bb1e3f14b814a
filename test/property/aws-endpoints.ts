// fast-check generators of AWS endpoint origins whose resource part (bucket, access point,
// function URL id, API id, search domain) is generated: valid names, some made of labels that
// look like other endpoints (`s3-website-...`, `lambda-url`, a region, ...). The service and
// region are those of the endpoint's fixed suffix, whatever the resource is called.
import fc from "fast-check";
import { custom, type KnownOrigin, s3 } from "./known-origins.ts";

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1", "us-gov-west-1", "il-central-1", "eu-central-2"] as const;

/** Labels that other endpoints' host names are made of. */
const TRICKY_LABELS = [
  "s3",
  "s3-website",
  "s3-website-eu-west-1",
  "s3-website-assets",
  "s3-websitex",
  "s3-accesspoint",
  "s3-object-lambda",
  "s3-external-1",
  "dualstack",
  "fips",
  "amazonaws",
  "com",
  "lambda-url",
  "lambda-web",
  "on",
  "aws",
  "es",
  "aoss",
  "execute-api",
  "mrap",
  "accesspoint",
  "s3-global",
  "us-east-1",
  "eu-west-1",
  "www",
  "example",
];

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
const word = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...alnum), minLength: min, maxLength: max });
/** A label that starts and ends with a letter or digit, hyphens inside. */
const plainLabel = fc.tuple(word(1, 8), fc.option(word(1, 8), { nil: undefined })).map(([a, b]) => (b ? `${a}-${b}` : a));
const label = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...TRICKY_LABELS) }, { weight: 3, arbitrary: plainLabel });

/** An S3 bucket name: 3 to 63 characters, labels of letters, digits and hyphens joined by dots. */
const bucketName = fc
  .array(label, { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join("."))
  .filter(
    (name) =>
      name.length >= 3 &&
      name.length <= 63 &&
      !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
      !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
      !/(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name),
  );

/** An access point name: 3 to 50 characters, letters, digits and hyphens. */
const accessPointName = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY_LABELS.filter((l) => !l.includes("."))), plainLabel), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("-"))
  .filter((name) => name.length >= 3 && name.length <= 50);

const region = fc.constantFrom(...REGIONS);
const signed = (service: string, r: string) => ({ kind: "signed" as const, service, region: r });

const anyAwsEndpoint: fc.Arbitrary<KnownOrigin> = fc.oneof(
  fc
    .tuple(bucketName, region, fc.constantFrom("s3.", "s3-", "s3.dualstack.", "s3-fips.", "s3-fips.dualstack."), fc.boolean())
    .map(([bucket, r, form, asS3]) => {
      const domain = `${bucket}.${form}${r}.amazonaws.com`;
      return { name: `s3 bucket ${domain}`, origin: asS3 ? s3(domain) : custom(domain), expect: signed("s3", r) };
    }),
  fc
    .tuple(bucketName, region)
    .map(([bucket, r]) => ({ name: `s3 bucket ${bucket} (OAI, ${r})`, origin: s3(`${bucket}.s3.amazonaws.com`, r), expect: signed("s3", r) })),
  // The legacy global endpoint without a region: us-east-1.
  fc.tuple(bucketName, fc.constantFrom("s3", "s3-external-1")).map(([bucket, endpoint]) => {
    const domain = `${bucket}.${endpoint}.amazonaws.com`;
    return { name: `s3 bucket ${domain}`, origin: s3(domain), expect: signed("s3", "us-east-1") };
  }),
  fc.tuple(accessPointName, region).map(([name, r]) => {
    const domain = `${name}-123456789012.s3-accesspoint.${r}.amazonaws.com`;
    return { name: `access point ${domain}`, origin: s3(domain), expect: signed("s3", r) };
  }),
  fc.tuple(word(32, 32), region).map(([id, r]) => {
    const domain = `${id}.lambda-url.${r}.on.aws`;
    return { name: `function URL ${domain}`, origin: custom(domain), expect: signed("lambda", r) };
  }),
  fc.tuple(word(10, 10), region).map(([id, r]) => {
    const domain = `${id}.execute-api.${r}.amazonaws.com`;
    return { name: `API ${domain}`, origin: custom(domain, { path: "/prod" }), expect: signed("execute-api", r) };
  }),
  fc.tuple(fc.constantFrom("search-", "vpc-"), accessPointName, word(26, 26), region).map(([prefix, name, id, r]) => {
    const domain = `${prefix}${name.slice(0, 28)}-${id}.${r}.es.amazonaws.com`;
    return { name: `search domain ${domain}`, origin: custom(domain), expect: signed("es", r) };
  }),
);

/** AWS endpoints with generated resource names (some named like other endpoints: `s3-website-...`). */
export const awsEndpointOrigin = anyAwsEndpoint;

/** Only resources named like website endpoints: buckets and access points whose first label starts `s3-website`. */
export const websiteLookalikeOrigin: fc.Arbitrary<KnownOrigin> = fc
  .tuple(fc.constantFrom("s3-website-", "s3-website."), plainLabel, region, fc.constantFrom("bucket", "bucket-oai", "access-point"))
  .map(([prefix, rest, r, kind]) => {
    const name = `${prefix}${rest}`;
    if (kind === "bucket") return { name: `s3 bucket ${name}`, origin: s3(`${name}.s3.${r}.amazonaws.com`), expect: signed("s3", r) };
    if (kind === "bucket-oai") return { name: `s3 bucket ${name} (OAI, ${r})`, origin: s3(`${name}.s3.amazonaws.com`, r), expect: signed("s3", r) };
    const domain = `${name.replace(".", "-")}-123456789012.s3-accesspoint.${r}.amazonaws.com`;
    return { name: `access point ${domain}`, origin: s3(domain), expect: signed("s3", r) };
  });
