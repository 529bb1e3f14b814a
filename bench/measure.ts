// The per-request measurement: subjects (our handler, the references, the floors) timed one
// request at a time in batches; rounds alternate between subjects.
import { median, quantile } from "./stats.ts";

/** Something timed per request: a batch of `batch` requests per round. */
export interface Subject {
  readonly id: string;
  readonly batch: number;
  /** Prepares the batch's inputs (outside the timed region), then times each request into `samples` (µs). */
  readonly runBatch: (samples: number[]) => Promise<void>;
}

export interface Timing {
  /** Median of the per-round medians, µs per request. */
  medianUs: number;
  /** 90th percentile over every timed request, µs. */
  p90Us: number;
  roundMediansUs: number[];
  requests: number;
}

/**
 * A subject whose inputs are made by `prepare` before its batch and handed one by one to `run`,
 * which returns a promise (awaited inside the timed region) or a value.
 */
export function subject<Input>(id: string, batch: number, prepare: (n: number) => Input[], run: (input: Input) => unknown): Subject {
  return { id, batch, runBatch: (samples) => timeBatch(prepare(batch), run, samples) };
}

async function timeBatch<Input>(inputs: Input[], run: (input: Input) => unknown, samples: number[]): Promise<void> {
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as Input;
    const start = performance.now();
    const result = run(input);
    if (result instanceof Promise) await result;
    samples[i] = (performance.now() - start) * 1000;
  }
}

export interface RoundOptions {
  rounds: number;
  warmup: number;
  onRound?: (round: number) => void;
}

/**
 * Runs `warmup` untimed rounds then `rounds` timed ones. A round runs one batch of every
 * subject, starting at a different subject each round so that no subject always follows the
 * same one (GC debt from a 1 MiB batch lands on whoever comes next).
 */
export async function measureRounds(subjects: readonly Subject[], { rounds, warmup, onRound }: RoundOptions): Promise<Map<string, Timing>> {
  const perRound = new Map<string, number[]>(subjects.map((s) => [s.id, []]));
  const all = new Map<string, number[]>(subjects.map((s) => [s.id, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const next = subjects[(k + round) % subjects.length]!;
      const samples: number[] = new Array(next.batch);
      await next.runBatch(samples);
      if (round >= warmup) {
        perRound.get(next.id)!.push(median(samples));
        all.get(next.id)!.push(...samples);
      }
    }
    onRound?.(round);
  }
  const results = new Map<string, Timing>();
  for (const { id } of subjects) {
    const medians = perRound.get(id)!;
    const samples = all.get(id)!;
    results.set(id, { medianUs: median(medians), p90Us: quantile(samples, 0.9), roundMediansUs: medians, requests: samples.length });
  }
  return results;
}
