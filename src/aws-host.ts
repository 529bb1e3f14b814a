/**
 * The signing algorithm an endpoint requires. The host alone decides it: no region from the
 * origin, the config or a custom header may turn a SigV4A endpoint into a SigV4 one.
 */
export type SigningAlgorithm = "sigv4" | "sigv4a";

/** What an AWS endpoint's host name says about how to sign for it. */
export interface AwsHostTarget {
  readonly service: string;
  /** The region; for SigV4A the region set (`*`: any region). */
  readonly region: string;
  readonly algorithm: SigningAlgorithm;
  /** `b.s3.amazonaws.com` / `s3.amazonaws.com`: the region is not in the name (us-east-1 by default). */
  readonly legacyGlobal?: boolean;
}

const REGION = String.raw`([a-z]{2}(?:-[a-z]+)+-\d+)`;

/** An AWS signing name (`s3`, `execute-api`, ...) and an AWS Region (`eu-west-1`), lowercase. */
export const SERVICE_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const SUFFIX = String.raw`amazonaws\.com(?:\.cn)?`;

/** A rule for an endpoint signed with SigV4, whose region is the one in its name. */
const sigv4 =
  (service: string) =>
  (region: string): AwsHostTarget => ({ service, region, algorithm: "sigv4" });

// Anchored at the end: S3 bucket names may contain dots (`www.example.com.s3.eu-west-1...`), so
// the service and region are read from the right, never by splitting on dots from the left.
const RULES: ReadonlyArray<{ pattern: RegExp; target: (region: string) => AwsHostTarget }> = [
  { pattern: new RegExp(String.raw`^[a-z0-9]+\.lambda-url\.${REGION}\.on\.aws$`), target: sigv4("lambda") },
  // Lambda Web Functions: the signing name is inferred, not documented for the endpoints: the
  // Lambda API model's signingName is "lambda", as for function URLs. Global endpoints (MultiRegion)
  // take SigV4A over any region; regional ones SigV4 for their region. Extra labels allowed.
  { pattern: /^(?:[a-z0-9-]+\.)+lambda-web\.global\.on\.aws$/, target: () => ({ service: "lambda", region: "*", algorithm: "sigv4a" }) },
  { pattern: new RegExp(String.raw`^(?:[a-z0-9-]+\.)+lambda-web\.${REGION}\.on\.aws$`), target: sigv4("lambda") },
  { pattern: new RegExp(String.raw`^[a-z0-9]+\.execute-api\.${REGION}\.${SUFFIX}$`), target: sigv4("execute-api") },
  { pattern: new RegExp(String.raw`\.${REGION}\.es\.${SUFFIX}$`), target: sigv4("es") },
  { pattern: new RegExp(String.raw`\.${REGION}\.aoss\.${SUFFIX}$`), target: sigv4("aoss") },
  // Multi-Region Access Points: SigV4A over the region set `*`.
  {
    pattern: /^[a-z0-9-]+(?:\.mrap)?\.accesspoint\.s3-global\.amazonaws\.com$/,
    target: () => ({ service: "s3", region: "*", algorithm: "sigv4a" }),
  },
  { pattern: new RegExp(String.raw`\.s3-object-lambda(?:-fips)?\.${REGION}\.${SUFFIX}$`), target: sigv4("s3-object-lambda") },
  { pattern: new RegExp(String.raw`\.s3-accesspoint(?:-fips)?(?:\.dualstack)?\.${REGION}\.${SUFFIX}$`), target: sigv4("s3") },
  // s3.<r>, s3-<r> (older dashed form), s3.dualstack.<r>, s3-fips.<r>, s3-fips.dualstack.<r>,
  // with or without a bucket label in front (virtual-hosted or path-style).
  { pattern: new RegExp(String.raw`(?:^|\.)s3(?:-fips)?(?:\.dualstack)?[.-]${REGION}\.${SUFFIX}$`), target: sigv4("s3") },
  {
    pattern: /(?:^|\.)s3(?:-external-1)?\.amazonaws\.com$/,
    target: () => ({ ...sigv4("s3")("us-east-1"), legacyGlobal: true }),
  },
];

// Website endpoints (`b.s3-website-<r>.amazonaws.com`, `b.s3-website.<r>.amazonaws.com`) serve
// public content only and do not accept signed requests. Anchored to the endpoint's own labels:
// a bucket or access point may itself be named `s3-website-...`.
const S3_WEBSITE = new RegExp(String.raw`(?:^|\.)s3-website[.-]${REGION}\.${SUFFIX}$`);

// A distribution has a handful of origins: each domain is parsed once per container.
const parsed = new Map<string, AwsHostTarget | undefined>();
const MAX_PARSED = 256;

/** An S3 website endpoint: it serves public content and refuses signed requests. */
export function isS3WebsiteHost(domainName: string): boolean {
  return S3_WEBSITE.test(domainName.toLowerCase().replace(/\.$/, ""));
}

function parse(host: string): AwsHostTarget | undefined {
  if (S3_WEBSITE.test(host)) return undefined;
  for (const rule of RULES) {
    const match = rule.pattern.exec(host);
    if (match) return rule.target(match[1] ?? "");
  }
  return undefined;
}

/** Service and region from an origin's domain name, or undefined when it is not a known AWS endpoint. */
export function parseAwsHost(domainName: string): AwsHostTarget | undefined {
  if (parsed.has(domainName)) return parsed.get(domainName);
  const target = parse(domainName.toLowerCase().replace(/\.$/, ""));
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(domainName, target);
  return target;
}
