// CloudFront's URL-safe base64 (developer guide, "Create a signed URL using a custom policy"):
// standard base64 with "+" written as "-", "=" as "_" and "/" as "~".

const ALPHABET = /^[A-Za-z0-9~-]+_{0,2}$/;

/**
 * The bytes of a `Signature` / `Policy` value, or undefined when the text is not CloudFront's
 * URL-safe base64 (other characters, an impossible length, or padding that does not fit).
 * Padding is optional; a value that has it must be a whole number of 4-character groups.
 */
export function decodeCloudFrontBase64(text: string): Buffer | undefined {
  if (!ALPHABET.test(text)) return undefined;
  const padded = text.endsWith("_");
  if (padded ? text.length % 4 !== 0 : text.length % 4 === 1) return undefined;
  const standard = text.replaceAll("-", "+").replaceAll("~", "/").replaceAll("_", "=");
  return Buffer.from(standard, "base64");
}
