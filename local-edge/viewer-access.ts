// The place for CloudFront's viewer-access checks (signed URLs and signed cookies of a behavior
// with trusted key groups): run on the viewer's request before the origin-request function, as
// CloudFront does. The local edge has none by default; a behavior or the edge's options give one.
import type { ViewerRequest } from "../cloudfront-emulator/index.ts";

export type ViewerAccessDecision =
  | { readonly allow: true }
  | {
      readonly allow: false;
      readonly status: number;
      /** CloudFront's answer, e.g. `text/xml` with `<Error><Code>AccessDenied</Code>...`. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** Why, for the access log line. */
      readonly reason: string;
    };

export type ViewerAccessCheck = (request: ViewerRequest) => ViewerAccessDecision | Promise<ViewerAccessDecision>;
