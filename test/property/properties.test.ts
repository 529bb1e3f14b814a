// The property-based suite: the built bundle on 10,000 generated events (fixed seed), every
// property checked on every event, each property's smallest counterexample reported under its
// own name. The signed results are judged independently: CloudFront's rules and wire request
// from cloudfront-emulator/, the signature by sigv4-oracle/ and, on a sample, by aws4.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { anyCase, wellFormedCase } from "./arbitraries.ts";
import { websiteLookalikeOrigin } from "./aws-endpoints.ts";
import { useBundleHandler } from "./bundle-handler.ts";
import { allProperties, type Counterexample, type Exploration, findCounterexamples } from "./find-counterexamples.ts";
import { LAMBDA_WEB_ORIGINS } from "./known-origins.ts";
import { observe } from "./observation.ts";
import { ANSWERS_WITH_REASON, AWS_NEVER_UNSIGNED, type SignatureStats } from "./properties-signing.ts";

const SEED = 20_261_129;
const EVENTS = 10_000;

const stats: SignatureStats = { oracle: 0, aws4: 0 };
const properties = allProperties(stats);
const handler = useBundleHandler();
let exploration: Exploration;

beforeAll(async () => {
  exploration = await findCounterexamples(handler(), { seed: SEED, numRuns: EVENTS, arbitrary: anyCase, properties });
}, 300_000);

function report(c: Counterexample): string {
  return `${c.problem}\nafter ${c.eventsRun} events; replay with seed ${c.seed}, path "${c.path}"\n${c.event}`;
}

describe(`the built bundle on ${EVENTS} generated events (seed ${SEED})`, () => {
  for (const property of properties) {
    it(property.name, () => {
      const broken = exploration.counterexamples.filter((c) => c.property === property.name);
      expect(broken.map(report), property.name).toEqual([]);
    });
  }

  it("ran at least 10,000 events, thousands of them signed and judged, a thousand also by aws4", () => {
    expect(exploration.events, "events generated").toBeGreaterThanOrEqual(EVENTS);
    // Property 3 judges only the signed results CloudFront accepts, until it first breaks.
    expect(stats.oracle, "signed results the SigV4 oracle verified").toBeGreaterThanOrEqual(3_000);
    expect(stats.aws4, "signed results aws4 also signed alike").toBeGreaterThanOrEqual(1_000);
  });

  // Found by this suite: the function's test for S3 website endpoints once matched the REST
  // endpoint of a bucket or access point named `s3-website-...` (forwarded unsigned, property 6,
  // or answered 502, property 7). Kept as its own run over such names.
  it("6 and 7. (S3 resources named s3-website…) are signed, not forwarded unsigned nor refused", async () => {
    const { counterexamples } = await findCounterexamples(handler(), {
      seed: SEED,
      numRuns: 200,
      arbitrary: wellFormedCase(websiteLookalikeOrigin),
      properties: [AWS_NEVER_UNSIGNED, ANSWERS_WITH_REASON],
    });
    expect(counterexamples.map(report)).toEqual([]);
  });

  // Lambda Web Function endpoints (`*.lambda-web.<region>.on.aws` SigV4, `*.lambda-web.global.on.aws`
  // SigV4A) were once forwarded unsigned.
  it("6. (Lambda Web Function endpoints) are signed or answered, never forwarded unsigned", async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedCase(LAMBDA_WEB_ORIGINS), async (c) => {
        const problem = AWS_NEVER_UNSIGNED.check(await observe(handler(), c));
        if (problem) throw new Error(problem);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
