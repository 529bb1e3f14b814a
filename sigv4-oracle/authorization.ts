// The Authorization header of a header-signed request:
// `<algorithm> Credential=<key>/<scope>, SignedHeaders=<a;b>, Signature=<signature>`.
import { type Finding, finding, malformedAuthorization } from "./findings.ts";

export interface AuthorizationHeader {
  readonly algorithm: string;
  readonly accessKeyId: string;
  /** The Credential parts after the access key id (`date/region/service/aws4_request` for SigV4). */
  readonly scope: readonly string[];
  /** SignedHeaders as given (split on ";"). */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const COMPONENTS = ["Credential", "SignedHeaders", "Signature"] as const;

/** The algorithm word, then its components; `supported` says which algorithms a verifier knows. */
export function parseAuthorization(value: string, supported: (algorithm: string) => boolean): AuthorizationHeader | Finding {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  if (!supported(algorithm)) {
    return finding("InvalidArgument", 400, "Unsupported Authorization Type", `authorization type ${algorithm.slice(0, 40)}`, {
      ArgumentName: "Authorization",
      ArgumentValue: algorithm.slice(0, 40),
    });
  }
  const fields = new Map<string, string>();
  for (const part of (space === -1 ? "" : trimmed.slice(space + 1)).split(",")) {
    const piece = part.trim();
    if (piece === "") continue;
    const equals = piece.indexOf("=");
    // Never quote a component without its name: it may be (part of) a signature.
    if (equals <= 0) return malformedAuthorization("a component is not of the form name=value", "Authorization has a component that is not name=value");
    const name = piece.slice(0, equals).trim();
    if (fields.has(name) || !(COMPONENTS as readonly string[]).includes(name)) {
      const shown = name.slice(0, 40);
      return malformedAuthorization(`the component '${shown}' is not understood`, `Authorization has a repeated or unknown component '${shown}'`);
    }
    fields.set(name, piece.slice(equals + 1).trim());
  }
  const missing = COMPONENTS.find((name) => !fields.get(name));
  if (missing) return malformedAuthorization(`the authorization header requires '${missing}' parameter`, `Authorization has no ${missing}`);
  const credential = fields.get("Credential") ?? "";
  const slash = credential.indexOf("/");
  return {
    algorithm,
    accessKeyId: slash === -1 ? credential : credential.slice(0, slash),
    scope: slash === -1 ? [] : credential.slice(slash + 1).split("/"),
    signedHeaders: (fields.get("SignedHeaders") ?? "").split(";"),
    signature: fields.get("Signature") ?? "",
  };
}
