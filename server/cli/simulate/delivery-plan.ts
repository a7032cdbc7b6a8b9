// What a simulation sends, in which order: each named event `repeat` times as distinct events (the
// intended order, which is also the order of their timestamps), each sent twice with `duplicate`
// (the same event, as monday retries it), and the whole list in a random order with `shuffle`.
import type { SimulatedEvent } from "./event-catalogue.ts";

export interface PlannedDelivery {
  event: SimulatedEvent;
  /** position in the intended order; the two copies of a duplicated event share it */
  index: number;
}

export interface PlanOptions {
  repeat: number;
  duplicate: boolean;
  /** the seed of the shuffle; null keeps the intended order */
  shuffleSeed: number | null;
}

/** A small seeded generator (mulberry32), so a shuffled order can be reproduced with --seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planDeliveries(events: readonly SimulatedEvent[], options: PlanOptions): PlannedDelivery[] {
  const plan: PlannedDelivery[] = [];
  let index = 0;
  for (let r = 0; r < options.repeat; r++) {
    for (const event of events) {
      plan.push({ event, index });
      if (options.duplicate) plan.push({ event, index });
      index++;
    }
  }
  if (options.shuffleSeed !== null) {
    const next = random(options.shuffleSeed);
    for (let i = plan.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }
  }
  return plan;
}
