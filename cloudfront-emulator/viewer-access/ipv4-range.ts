// IPv4 ranges for a custom policy's `IpAddress` / `AWS:SourceIp` condition. The developer guide
// ("Values that you specify in the policy statement for a custom policy") allows one IPv4 address
// or one IPv4 CIDR range and says IPv6 addresses are not supported.

export interface Ipv4Range {
  /** The range as it reads in a policy, always with its prefix length: "192.0.2.0/24". */
  readonly cidr: string;
  readonly network: number;
  readonly prefixLength: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A dotted-quad IPv4 address as an unsigned 32-bit number, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** "a.b.c.d/n" (or a bare "a.b.c.d", meaning /32) as a range, or undefined. */
export function parseIpv4Range(text: string): Ipv4Range | undefined {
  const [address = "", prefix, extra] = text.split("/");
  if (extra !== undefined) return undefined;
  const network = parseIpv4(address);
  if (network === undefined) return undefined;
  if (prefix !== undefined && !/^(3[0-2]|[12]?\d)$/.test(prefix)) return undefined;
  const prefixLength = prefix === undefined ? 32 : Number(prefix);
  return { cidr: `${address}/${prefixLength}`, network, prefixLength };
}

/**
 * The viewer's IPv4 address: a dotted quad, or an IPv4-mapped IPv6 address ("::ffff:192.0.2.1",
 * what a dual-stack socket reports for an IPv4 client). Undefined for a real IPv6 address.
 */
export function viewerIpv4(clientIp: string): number | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(clientIp);
  return parseIpv4(mapped ? (mapped[1] ?? "") : clientIp);
}

/** Whether an IPv4 address (as from parseIpv4) lies in the range. */
export function ipv4InRange(address: number, range: Ipv4Range): boolean {
  const hostBits = 2 ** (32 - range.prefixLength);
  return Math.floor(address / hostBits) === Math.floor(range.network / hostBits);
}
