// The AWS SDK clients the deploy uses, all in us-east-1. The SDK loads only for a real deploy:
// --help, --dry-run and --print-policy stay fast and read no credentials.
import type * as CloudFront from "@aws-sdk/client-cloudfront";
import type * as Iam from "@aws-sdk/client-iam";
import type * as Lambda from "@aws-sdk/client-lambda";
import { REGION } from "./limits.ts";

// Kept apart: CloudFront has its own GetFunction/CreateFunction commands (CloudFront Functions).
export type Sdk = { lambda: typeof Lambda; cloudfront: typeof CloudFront; iam: typeof Iam };
export type Clients = { lambda: Lambda.LambdaClient; cloudfront: CloudFront.CloudFrontClient; iam: Iam.IAMClient };
export type Service = keyof Clients;

let loaded: Promise<Sdk> | undefined;
export function loadSdk(): Promise<Sdk> {
  loaded ??= Promise.all([import("@aws-sdk/client-lambda"), import("@aws-sdk/client-cloudfront"), import("@aws-sdk/client-iam")]).then(
    ([lambda, cloudfront, iam]) => ({ lambda, cloudfront, iam }),
  );
  return loaded;
}

/** The three clients, in us-east-1 whatever AWS_REGION says, with the standard credential chain (or --profile). */
export async function createClients({ profile, endpointUrl }: { profile?: string | undefined; endpointUrl?: string | undefined } = {}): Promise<Clients> {
  const [aws, { defaultProvider }] = await Promise.all([loadSdk(), import("@aws-sdk/credential-provider-node")]);
  const config = {
    region: REGION,
    credentials: defaultProvider(profile ? { profile } : {}),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
  };
  return { lambda: new aws.lambda.LambdaClient(config), cloudfront: new aws.cloudfront.CloudFrontClient(config), iam: new aws.iam.IAMClient(config) };
}
