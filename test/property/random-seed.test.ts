// A small run with a new seed every time, so that runs over time cover more than the fixed
// seed does. The seed is in the test's name; replay a failure with PROPERTY_SEED=<seed>.
import { describe, expect, it } from "vitest";
import { anyCase } from "./arbitraries.ts";
import { useBundleHandler } from "./bundle-handler.ts";
import { allProperties, findCounterexamples } from "./find-counterexamples.ts";

const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : (Math.random() * 2 ** 31) | 0;
const EVENTS = 500;

const handler = useBundleHandler();

describe("the built bundle on generated events with a random seed", () => {
  it(`every property holds on ${EVENTS} events, seed ${SEED} (replay: PROPERTY_SEED=${SEED} npx vitest run test/property/random-seed.test.ts)`, async () => {
    const { counterexamples } = await findCounterexamples(handler(), {
      seed: SEED,
      numRuns: EVENTS,
      arbitrary: anyCase,
      properties: allProperties({ oracle: 0, aws4: 0 }),
    });
    expect(counterexamples.map((c) => `${c.property}: ${c.problem}\nseed ${c.seed}, path "${c.path}"\n${c.event}`)).toEqual([]);
  }, 120_000);
});
