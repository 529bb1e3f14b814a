// Per request, in this process: every case through our handler, its reference and its floor,
// in alternating rounds; the result is the report's `cases`.
import type { CloudFrontRequestEvent } from "aws-lambda";
import type { BenchCase } from "./cases.ts";
import { cloneEvent, type Handler } from "./events.ts";
import { FALLBACK_SIZES, type Floor, signingSizes } from "./floors.ts";
import { measureRounds, type RoundOptions, type Subject, subject } from "./measure.ts";
import type { ReferenceId } from "./reference-signers.ts";
import { ratio } from "./stats.ts";

export interface CaseReport {
  label: string;
  bodyBytes: number;
  /** Null when the bundle does not sign the case (an optional case: see notSigned). */
  ours: { medianUs: number; p90Us: number; requests: number; roundMediansUs: number[] } | null;
  /** What the bundle returned instead of a signed request, for a case it does not sign. */
  notSigned?: string;
  floor: { medianUs: number; p90Us: number; what: string; sizesFrom?: string };
  ratioToFloor: number | null;
  /** Which reference signer the case is compared with (REFERENCE_SIGNERS), measured or not. */
  referenceId: ReferenceId;
  reference: { medianUs: number; p90Us: number; requests: number; ratioToFloor: number | null } | null;
  speedup: number | null;
}

export interface PerRequestInput {
  cases: readonly BenchCase[];
  events: ReadonlyMap<string, CloudFrontRequestEvent>;
  ours: Handler;
  /** The cases the bundle does not sign (optional ones only), with what it returned instead. */
  notSigned: ReadonlyMap<string, string>;
  /** The reference handlers that could be loaded. */
  references: ReadonlyMap<ReferenceId, Handler>;
  /** The session token the bundle signs with (its debug line redacts it; the floor counts it). */
  sessionToken: string;
}

const copies = (event: CloudFrontRequestEvent) => (n: number) => Array.from({ length: n }, () => cloneEvent(event));

/** Measures every case; keys of the result are the cases' ids, in table order. */
export async function measurePerRequest(input: PerRequestInput, rounds: RoundOptions): Promise<Record<string, CaseReport>> {
  const { cases, events, ours, notSigned, references, sessionToken } = input;
  const floors = new Map<string, Floor>();
  for (const c of cases) {
    const event = events.get(c.id)!;
    floors.set(c.id, c.floor.make(event, c.floor.needsSizes ? await signingSizes(ours, event, sessionToken) : FALLBACK_SIZES));
  }

  const subjects: Subject[] = [];
  for (const c of cases) {
    const event = events.get(c.id)!;
    if (!notSigned.has(c.id)) subjects.push(subject(`ours:${c.id}`, c.batch, copies(event), ours));
    const reference = references.get(c.reference);
    if (reference) subjects.push(subject(`reference:${c.id}`, c.referenceBatch, copies(event), reference));
    const floor = floors.get(c.id)!;
    subjects.push(subject(`floor:${c.id}`, c.batch, (n) => new Array<undefined>(n), floor.run));
  }
  const timed = await measureRounds(subjects, rounds);

  const report: Record<string, CaseReport> = {};
  for (const c of cases) {
    const mine = timed.get(`ours:${c.id}`);
    const floorTiming = timed.get(`floor:${c.id}`)!;
    const theirs = timed.get(`reference:${c.id}`);
    const floor = floors.get(c.id)!;
    report[c.id] = {
      label: c.label,
      bodyBytes: c.bodyBytes,
      ours: mine ? { medianUs: mine.medianUs, p90Us: mine.p90Us, requests: mine.requests, roundMediansUs: mine.roundMediansUs } : null,
      ...(notSigned.has(c.id) ? { notSigned: notSigned.get(c.id) } : {}),
      floor: { medianUs: floorTiming.medianUs, p90Us: floorTiming.p90Us, what: floor.what, ...(floor.sizes ? { sizesFrom: floor.sizes.source } : {}) },
      ratioToFloor: ratio(mine?.medianUs, floorTiming.medianUs),
      referenceId: c.reference,
      reference: theirs
        ? { medianUs: theirs.medianUs, p90Us: theirs.p90Us, requests: theirs.requests, ratioToFloor: ratio(theirs.medianUs, floorTiming.medianUs) }
        : null,
      speedup: theirs ? ratio(theirs.medianUs, mine?.medianUs) : null,
    };
  }
  return report;
}
