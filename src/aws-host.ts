/** What an AWS endpoint's host name says about how to sign for it. */
export interface AwsHostTarget {
  readonly service: string;
  readonly region: string;
  /** `b.s3.amazonaws.com` / `s3.amazonaws.com`: the region is not in the name (us-east-1 by default). */
  readonly legacyGlobal?: boolean;
  /** Multi-Region Access Point: needs SigV4A, which this function does not implement. */
  readonly sigv4a?: boolean;
}

const REGION = String.raw`([a-z]{2}(?:-[a-z]+)+-\d+)`;
const SUFFIX = String.raw`amazonaws\.com(?:\.cn)?`;

// Anchored at the end: S3 bucket names may contain dots (`www.example.com.s3.eu-west-1...`), so
// the service and region are read from the right, never by splitting on dots from the left.
const RULES: ReadonlyArray<{ pattern: RegExp; target: (region: string) => AwsHostTarget }> = [
  { pattern: new RegExp(String.raw`^[a-z0-9]+\.lambda-url\.${REGION}\.on\.aws$`), target: (region) => ({ service: "lambda", region }) },
  { pattern: new RegExp(String.raw`^[a-z0-9]+\.execute-api\.${REGION}\.${SUFFIX}$`), target: (region) => ({ service: "execute-api", region }) },
  { pattern: new RegExp(String.raw`\.${REGION}\.es\.${SUFFIX}$`), target: (region) => ({ service: "es", region }) },
  { pattern: new RegExp(String.raw`\.${REGION}\.aoss\.${SUFFIX}$`), target: (region) => ({ service: "aoss", region }) },
  {
    pattern: /^[a-z0-9-]+(?:\.mrap)?\.accesspoint\.s3-global\.amazonaws\.com$/,
    target: () => ({ service: "s3", region: "*", sigv4a: true }),
  },
  {
    pattern: new RegExp(String.raw`\.s3-object-lambda(?:-fips)?\.${REGION}\.${SUFFIX}$`),
    target: (region) => ({ service: "s3-object-lambda", region }),
  },
  {
    pattern: new RegExp(String.raw`\.s3-accesspoint(?:-fips)?(?:\.dualstack)?\.${REGION}\.${SUFFIX}$`),
    target: (region) => ({ service: "s3", region }),
  },
  // s3.<r>, s3-<r> (older dashed form), s3.dualstack.<r>, s3-fips.<r>, s3-fips.dualstack.<r>,
  // with or without a bucket label in front (virtual-hosted or path-style).
  {
    pattern: new RegExp(String.raw`(?:^|\.)s3(?:-fips)?(?:\.dualstack)?[.-]${REGION}\.${SUFFIX}$`),
    target: (region) => ({ service: "s3", region }),
  },
  {
    pattern: /(?:^|\.)s3(?:-external-1)?\.amazonaws\.com$/,
    target: () => ({ service: "s3", region: "us-east-1", legacyGlobal: true }),
  },
];

// Website endpoints serve public content only and do not accept signed requests.
const S3_WEBSITE = /(?:^|\.)s3-website[.-]/;

// A distribution has a handful of origins: each domain is parsed once per container.
const parsed = new Map<string, AwsHostTarget | undefined>();
const MAX_PARSED = 256;

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
