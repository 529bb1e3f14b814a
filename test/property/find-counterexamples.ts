// Runs every property over one stream of generated events and, for each property that breaks,
// the smallest event fast-check shrinks to. The first property to break on an event is the one
// shrunk (the others are not looked at while shrinking, so the counterexample breaks that one);
// the run then starts again without it, until the rest hold on every event.
import fc from "fast-check";
import type { PropertyCase } from "./arbitraries.ts";
import { brief, observe } from "./observation.ts";
import { CLOUDFRONT_ACCEPTS, GARBAGE_ANSWERED, NEVER_THROWS, NO_SECRETS_LOGGED, type Property } from "./properties-edge.ts";
import { VIEWER_REQUEST_KEPT } from "./properties-fidelity.ts";
import { ANSWERS_WITH_REASON, AWS_NEVER_UNSIGNED, ORIGIN_DECIDES, type SignatureStats, signatureVerifies } from "./properties-signing.ts";
import type { Handler } from "./run-handler.ts";

export function allProperties(stats: SignatureStats): readonly Property[] {
  return [
    NEVER_THROWS,
    CLOUDFRONT_ACCEPTS,
    signatureVerifies(stats),
    ORIGIN_DECIDES,
    NO_SECRETS_LOGGED,
    AWS_NEVER_UNSIGNED,
    ANSWERS_WITH_REASON,
    VIEWER_REQUEST_KEPT,
    GARBAGE_ANSWERED,
  ];
}

export interface Counterexample {
  readonly property: string;
  readonly problem: string;
  /** The shrunk event (secrets masked), and the replay coordinates fast-check gives. */
  readonly event: string;
  readonly seed: number;
  readonly path: string;
  readonly eventsRun: number;
}

export interface Exploration {
  readonly counterexamples: readonly Counterexample[];
  /** Events generated in all passes. */
  readonly events: number;
}

/** The case as a reader wants it: the origin by name, the event, the size of a body held back. */
export function describeCase(c: PropertyCase): string {
  const fullBody = c.fullBody ? `, fullBody: ${c.fullBody.length} bytes` : "";
  return `origin ${c.known?.name ?? "(garbage)"}${fullBody}, event ${brief(c.event, 4_000)}`;
}

export async function findCounterexamples(
  handler: Handler,
  options: { seed: number; numRuns: number; arbitrary: fc.Arbitrary<PropertyCase>; properties: readonly Property[]; boundMs?: number },
): Promise<Exploration> {
  const found: Counterexample[] = [];
  let remaining = [...options.properties];
  let events = 0;
  while (remaining.length > 0) {
    let latched: Property | undefined;
    const checking = remaining;
    const details = await fc.check(
      fc.asyncProperty(options.arbitrary, async (c) => {
        events++;
        const o = await observe(handler, c, options.boundMs);
        for (const property of latched ? [latched] : checking) {
          const problem = property.check(o);
          if (problem === undefined) continue;
          latched ??= property;
          if (property === latched) throw new Error(problem);
        }
      }),
      { seed: options.seed, numRuns: options.numRuns },
    );
    if (!details.failed || !latched) break;
    const shrunk = details.counterexample?.[0];
    found.push({
      property: latched.name,
      problem: details.errorInstance instanceof Error ? details.errorInstance.message : brief(details.errorInstance),
      event: shrunk ? describeCase(shrunk) : "",
      seed: details.seed,
      path: details.counterexamplePath ?? "",
      eventsRun: details.numRuns,
    });
    const broken = latched;
    remaining = remaining.filter((p) => p !== broken);
  }
  return { counterexamples: found, events };
}
