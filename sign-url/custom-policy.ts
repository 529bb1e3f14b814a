// A custom policy statement whose Resource is a pattern, which @aws-sdk/cloudfront-signer's
// parameter form cannot express (it always uses the URL itself as the Resource).

export interface CustomPolicyInput {
  /** The Resource: a URL, with "*" and "?" wildcards anywhere. */
  readonly resource: string;
  readonly dateLessThan: number;
  readonly dateGreaterThan?: number | undefined;
  /** An IPv4 CIDR range ("192.0.2.0/24"). */
  readonly sourceIp?: string | undefined;
}

/** The policy JSON without whitespace, fields in the order of the developer guide's template. */
export function customPolicyJson(input: CustomPolicyInput): string {
  const condition: Record<string, unknown> = { DateLessThan: { "AWS:EpochTime": input.dateLessThan } };
  if (input.dateGreaterThan !== undefined) condition.DateGreaterThan = { "AWS:EpochTime": input.dateGreaterThan };
  if (input.sourceIp !== undefined) condition.IpAddress = { "AWS:SourceIp": input.sourceIp };
  return JSON.stringify({ Statement: [{ Resource: input.resource, Condition: condition }] });
}
