// The rows of the bench, one entry each: what event, what the handler must return and what its
// origin requires, which floor and which reference signer it is measured against.
import type { CloudFrontRequestEvent } from "aws-lambda";
import {
  jsonBody,
  makeGetEvent,
  makeMrapGetEvent,
  makeMrapPut1mEvent,
  makePost1kEvent,
  makePut1mEvent,
  ONE_MIB,
  SIGV4_ALGORITHM,
  SIGV4A_ALGORITHM,
} from "./events.ts";
import { BODY_HASH_ECDSA_FLOOR, BODY_HASH_FLOOR, type FloorRecipe, SIGV4_SIGNING_FLOOR, SIGV4A_SIGNING_FLOOR } from "./floors.ts";
import type { ReferenceId } from "./reference-signers.ts";
import type { OriginExpectation } from "./signature-check.ts";

export interface BenchCase {
  /** Key of the case in the --json report. */
  readonly id: string;
  readonly label: string;
  readonly make: () => CloudFrontRequestEvent;
  /** Bytes of the viewer's body. */
  readonly bodyBytes: number;
  /** The Authorization scheme the handler must sign with. */
  readonly algorithm: string;
  /** What the origin checks: the signed request must pass the oracle with these. */
  readonly origin: OriginExpectation;
  /**
   * A bundle that does not sign a required case stops the bench; an optional one (a feature
   * newer than some bundles) is reported "not signed by this bundle" and the rest is measured.
   */
  readonly required: boolean;
  readonly floor: FloorRecipe;
  /** The published signer it is compared with. */
  readonly reference: ReferenceId;
  /** Requests per round for ours and the floor, and for the reference: about 5-20 ms of work per batch. */
  readonly batch: number;
  readonly referenceBatch: number;
}

const LAMBDA_URL = { service: "lambda", region: "eu-west-1", algorithm: "sigv4" } as const;
// A Multi-Region Access Point routes to a bucket in any of its regions: region set * covers it.
const MRAP = { service: "s3", region: "eu-west-1", algorithm: "sigv4a" } as const;

export const CASES: readonly BenchCase[] = [
  {
    id: "get",
    label: "GET, no body (Lambda URL)",
    make: makeGetEvent,
    bodyBytes: 0,
    algorithm: SIGV4_ALGORITHM,
    origin: LAMBDA_URL,
    required: true,
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
    origin: LAMBDA_URL,
    required: true,
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
    origin: { service: "s3", region: "eu-west-1", algorithm: "sigv4" },
    required: true,
    floor: BODY_HASH_FLOOR,
    reference: "sigv4",
    batch: 10,
    referenceBatch: 4,
  },
  {
    id: "sigv4aGet",
    label: "SigV4A GET (MRAP)",
    make: makeMrapGetEvent,
    bodyBytes: 0,
    algorithm: SIGV4A_ALGORITHM,
    origin: MRAP,
    required: false,
    floor: SIGV4A_SIGNING_FLOOR,
    reference: "sigv4a",
    batch: 200,
    referenceBatch: 20,
  },
  {
    id: "mrapPut1m",
    label: "MRAP 1 MiB PUT (SigV4A)",
    make: makeMrapPut1mEvent,
    bodyBytes: ONE_MIB,
    algorithm: SIGV4A_ALGORITHM,
    origin: MRAP,
    required: false,
    floor: BODY_HASH_ECDSA_FLOOR,
    reference: "sigv4a",
    batch: 10,
    referenceBatch: 4,
  },
];
