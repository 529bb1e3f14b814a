// How signed cookies are printed: Set-Cookie lines for a server to send, or curl's -b argument.
import type { SignedCookies } from "./sign.ts";

/** One `Set-Cookie:` line per cookie, with the attributes CloudFront's guide recommends. */
export function setCookieLines(cookies: SignedCookies): string[] {
  return cookies.map(([name, value]) => `Set-Cookie: ${name}=${value}; Path=/; Secure; HttpOnly`);
}

/** `-b 'A=1; B=2'` for curl (the values are URL-safe base64, ids and digits: no quote to escape). */
export function curlCookieArgument(cookies: SignedCookies): string {
  return `-b '${cookies.map(([name, value]) => `${name}=${value}`).join("; ")}'`;
}
