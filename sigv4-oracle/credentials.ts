// The callers an origin knows: their keys, and the session token of temporary credentials.

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The session token of temporary credentials (STS); absent for long-term keys. */
  readonly sessionToken?: string | undefined;
}

/** One caller, several, or a lookup (for an origin that learns new callers, such as an STS stand-in). */
export type CredentialSource = Credentials | readonly Credentials[] | ((accessKeyId: string) => Credentials | undefined);

export function credentialLookup(source: CredentialSource): (accessKeyId: string) => Credentials | undefined {
  if (typeof source === "function") return source;
  const list: readonly Credentials[] = Array.isArray(source) ? source : [source as Credentials];
  const byKey = new Map(list.map((c) => [c.accessKeyId, c]));
  return (accessKeyId) => byKey.get(accessKeyId);
}
