// `npm run deploy -- --help`: every option (a test checks that each one in OPTIONS is here).
import {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_MEMORY_MB,
  DEFAULT_RUNTIME,
  DEFAULT_TIMEOUT_S,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_S,
  MIN_MEMORY_MB,
  REGION,
  RUNTIMES,
} from "./limits.ts";
import { ORIGIN_KINDS } from "./origin-kinds.ts";

export const HELP = `usage: npm run deploy -- [options]        (or: node deploy/cli.ts [options])

Builds dist/function.zip, creates or updates the Lambda@Edge function in ${REGION} (always,
whatever your profile's region), publishes a numbered version and prints its ARN on stdout.
With --distribution-id it also attaches that version as the behavior's origin-request trigger
(include body on). Progress goes to stderr, one line per step.

Function
  --function-name NAME   function to create or update in ${REGION} (default: ${DEFAULT_FUNCTION_NAME});
                         a ${REGION} function ARN is accepted too
  --runtime ID           ${RUNTIMES.join(" | ")} (default: ${DEFAULT_RUNTIME}, the newest Node.js
                         runtime CloudFront lists for Lambda@Edge)
  --memory MB            ${MIN_MEMORY_MB}..${MAX_MEMORY_MB} (default: ${DEFAULT_MEMORY_MB}; origin-request limit: ${MAX_MEMORY_MB})
  --timeout SECONDS      1..${MAX_TIMEOUT_S} (default: ${DEFAULT_TIMEOUT_S}; origin-request limit: ${MAX_TIMEOUT_S})
  --zip FILE             the package to upload (default: dist/function.zip, index.mjs at its root)
  --no-build             upload the existing zip instead of running \`npm run build\` first
  --build-config FILE    build with this edge-sigv4.config.json (passed to the build as --config;
                         default: $EDGE_SIGV4_CONFIG, else edge-sigv4.config.json when present)

Execution role (needed to create the function; an existing function keeps its role)
  --role-arn ARN         use this role (its trust policy must allow lambda.amazonaws.com and
                         edgelambda.amazonaws.com: iam/execution-role/trust-policy.json)
  --create-role NAME     create that role (or reuse it if it exists) with that trust policy and
                         the logging policy iam/execution-role/logging.json
  --origin-kind KIND     ${ORIGIN_KINDS.join(" | ")}:
                         print the least-privilege policy the role needs to sign for that origin
                         (iam/execution-role/KIND.json; cross-account: assume-role.json)
  --resource-arn ARN     the origin resource the policy grants, repeatable:
                           s3             arn:aws:s3:::BUCKET, or a Multi-Region Access Point
                                          arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap (no region)
                                          and each arn:aws:s3:::BUCKET behind it
                           s3-kms         arn:aws:s3:::BUCKET  and  arn:aws:kms:REGION:ACCOUNT:key/ID
                           lambda-url     arn:aws:lambda:REGION:ACCOUNT:function:NAME
                           lambda-web     arn:aws:lambda:REGION:ACCOUNT:web-function/NAME/endpoint/ENDPOINT
                                          (the web function alone means all of its endpoints)
                           apigw          arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH
                                          (API_ID alone means API_ID/*)
                           opensearch     arn:aws:es:REGION:ACCOUNT:domain/NAME  and/or
                                          arn:aws:aoss:REGION:ACCOUNT:collection/ID
                           cross-account  arn:aws:iam::ACCOUNT:role/NAME, each role the function
                                          assumes for an origin (sts:AssumeRole); their trust
                                          policies are printed once the function exists
  --attach               attach that policy to the role (iam:PutRolePolicy) instead of printing it
  --print-policy         print the filled origin policy as JSON on stdout and exit (no AWS call)

  Roles the build configuration's origins assume ("origins": {"DOMAIN": {"roleArn": ...,
  "externalId": ...}}) are granted as the policy edge-sigv4-config-origin-roles with
  --create-role or --attach (printed otherwise), and their trust policies printed.

CloudFront trigger
  --distribution-id ID   attach the new version to this distribution (GetDistributionConfig, then
                         UpdateDistribution with If-Match; one retry on an ETag conflict)
  --path-pattern P       the cache behavior to attach to (default: the default behavior, "*")
  --force                replace an origin-request trigger of another function on that behavior
                         (an older version of this function is always replaced)
  --wait                 wait until the distribution is deployed (several minutes)

Signed URLs and cookies (trusted key group)
  --trusted-key-group NAME  create this CloudFront key group, or add the key to it, and with
                         --distribution-id make the behavior trust it: viewers then need a URL
                         or cookies signed with the private key
  --public-key FILE      the public key for it (PEM, BEGIN PUBLIC KEY; RSA 2048 or ECDSA P-256),
                         uploaded once (the same file reuses the same key); its id is printed:
                         the key pair id for sign-url --key-pair-id

AWS access
  --profile NAME         credentials profile (standard chain otherwise: environment, SSO, ...)
  --endpoint-url URL     send every AWS call to this endpoint (a local fake, for testing)
  --dry-run              print every AWS call it would make, with region and key parameters,
                         and call nothing (no credentials needed)
  -h, --help             this text

Examples
  npm run deploy -- --create-role edge-sigv4-role --origin-kind lambda-url \\
    --resource-arn arn:aws:lambda:eu-west-1:111122223333:function:api --attach \\
    --distribution-id E2EXAMPLE --wait
  npm run deploy -- --dry-run --role-arn arn:aws:iam::111122223333:role/edge --distribution-id E2EXAMPLE
  npm run deploy -- --distribution-id E2EXAMPLE --trusted-key-group signers --public-key public.pem
  npm run deploy -- --create-role edge-sigv4-role --build-config prod.config.json \\
    --distribution-id E2EXAMPLE        (grants the roles prod.config.json's origins assume)
`;
