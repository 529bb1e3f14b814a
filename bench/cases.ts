// The rows of the bench, one entry each: what event, what the handler must return, which floor
// and which reference signer it is measured against. A new row (a SigV4A request, say) is one
// more entry here, with its reference in reference-signers.ts.
import type { CloudFrontRequestEvent } from "aws-lambda";
import { jsonBody, makeGetEvent, makePost1kEvent, makePut1mEvent, ONE_MIB, SIGV4_ALGORITHM } from "./events.ts";
import { BODY_HASH_FLOOR, type FloorRecipe, SIGV4_SIGNING_FLOOR } from "./floors.ts";
import type { ReferenceId } from "./reference-signers.ts";

export interface BenchCase {
  /** Key of the case in the --json report. */
  readonly id: string;
  readonly label: string;
  readonly make: () => CloudFrontRequestEvent;
  /** Bytes of the viewer's body. */
  readonly bodyBytes: number;
  /** The Authorization scheme the handler must sign with. */
  readonly algorithm: string;
  readonly floor: FloorRecipe;
  /** The published signer it is compared with. */
  readonly reference: ReferenceId;
  /** Requests per round for ours and the floor, and for the reference: about 5-20 ms of work per batch. */
  readonly batch: number;
  readonly referenceBatch: number;
}

export const CASES: readonly BenchCase[] = [
  {
    id: "get",
    label: "GET, no body (Lambda URL)",
    make: makeGetEvent,
    bodyBytes: 0,
    algorithm: SIGV4_ALGORITHM,
    floor: SIGV4_SIGNING_FLOOR,
    reference: "sigv4",
    batch: 200,
    referenceBatch: 200,
  },
  {
    id: "post1k",
    label: "POST 1 KB JSON (Lambda URL)",
    make: makePost1kEvent,
    bodyBytes: Buffer.byteLength(jsonBody(1024)),
    algorithm: SIGV4_ALGORITHM,
    floor: SIGV4_SIGNING_FLOOR,
    reference: "sigv4",
    batch: 200,
    referenceBatch: 200,
  },
  {
    id: "put1m",
    label: "PUT 1 MiB binary (S3)",
    make: () => makePut1mEvent(),
    bodyBytes: ONE_MIB,
    algorithm: SIGV4_ALGORITHM,
    floor: BODY_HASH_FLOOR,
    reference: "sigv4",
    batch: 10,
    referenceBatch: 4,
  },
];
