// The per-request measurement: subjects (our handler, the reference, the floors) timed one
// request at a time in batches; rounds alternate between subjects.
import { median, quantile } from "./stats.mjs";

/**
 * @typedef {object} Subject
 * @property {string} id
 * @property {number} batch            requests per round
 * @property {(n: number) => unknown[]} prepare   the batch's inputs, made before it is timed
 * @property {(input: unknown) => unknown} run    returns a promise (awaited inside the timed region) or a value
 */

async function runBatch(subject, samples) {
  const inputs = subject.prepare(subject.batch);
  const run = subject.run;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const start = performance.now();
    const result = run(input);
    if (result !== undefined && typeof result.then === "function") await result;
    samples[i] = (performance.now() - start) * 1000;
  }
}

/**
 * Runs `warmup` untimed rounds then `rounds` timed ones. A round runs one batch of every
 * subject, starting at a different subject each round so that no subject always follows the
 * same one (GC debt from a 1 MiB batch lands on whoever comes next).
 * Returns, per subject id: { medianUs (median of the per-round medians), p90Us (over every
 * timed request), roundMediansUs, requests }.
 */
export async function measureRounds(subjects, { rounds, warmup, onRound = () => {} }) {
  const perRound = new Map(subjects.map((s) => [s.id, []]));
  const all = new Map(subjects.map((s) => [s.id, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const subject = subjects[(k + round) % subjects.length];
      const samples = new Array(subject.batch);
      await runBatch(subject, samples);
      if (round >= warmup) {
        perRound.get(subject.id).push(median(samples));
        all.get(subject.id).push(...samples);
      }
    }
    onRound(round, warmup);
  }
  const results = {};
  for (const subject of subjects) {
    const medians = perRound.get(subject.id);
    results[subject.id] = {
      medianUs: median(medians),
      p90Us: quantile(all.get(subject.id), 0.9),
      roundMediansUs: medians,
      requests: all.get(subject.id).length,
    };
  }
  return results;
}
