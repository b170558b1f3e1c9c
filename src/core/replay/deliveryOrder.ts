/**
 * The delivery orders the delivery checks replay events in. Each is a fixed permutation of the
 * log, worked out from the events' streams alone, so a check gives the same findings every time;
 * the shuffles draw from a small seeded generator, never from `Math.random`.
 *
 * A unit is what keeps its order: the events of one stream, or a single event with no stream
 * (nothing says which stream such an event belongs to, so it may arrive anywhere).
 */

/** How the events are delivered, besides the straight log order. */
export type DeliveryOrder =
  /** One event of each unit in turn, units in the order they first appear; an exhausted unit drops out. */
  | { kind: 'round-robin' }
  /** One unit after another, in the order they first appear; each unit's events together and in order. */
  | { kind: 'stream-by-stream' }
  /** One unit after another, the unit that appears last first; each unit's events together and in order. */
  | { kind: 'streams-reversed' }
  /** A random interleaving of the units (every interleaving equally likely), each unit kept in order. */
  | { kind: 'shuffle'; seed: number }
  /** Each stream's events in blocks of `size`, each block reversed; the stream keeps its places in the log. */
  | { kind: 'window-reversed'; size: number }
  /** Each stream's events in blocks of `size`, each block shuffled; the stream keeps its places in the log. */
  | { kind: 'window-shuffle'; size: number; seed: number };

/** The order as a few words, for messages. */
export function describeOrder(order: DeliveryOrder): string {
  switch (order.kind) {
    case 'round-robin':
      return 'one event of each stream in turn';
    case 'stream-by-stream':
      return 'stream by stream, in the order the streams first appear';
    case 'streams-reversed':
      return 'stream by stream, the last stream first';
    case 'shuffle':
      return `in a shuffled interleaving of the streams (seed ${order.seed})`;
    case 'window-reversed':
      return `with each stream's events reversed in blocks of ${order.size}`;
    case 'window-shuffle':
      return `with each stream's events shuffled in blocks of ${order.size} (seed ${order.seed})`;
  }
}

/**
 * The delivery order of events whose streams are given (undefined: no stream): the log indexes
 * (from 0) in the order they are delivered, a permutation of `0..n-1`. Linear in the events.
 */
export function deliveryOrder(streams: readonly (string | undefined)[], order: DeliveryOrder): number[] {
  const units = unitsOf(streams);
  switch (order.kind) {
    case 'round-robin': {
      const out: number[] = [];
      let active = units;
      for (let round = 0; active.length > 0; round++) {
        const next: number[][] = [];
        for (const unit of active) {
          out.push(unit[round]!);
          if (round + 1 < unit.length) next.push(unit);
        }
        active = next;
      }
      return out;
    }
    case 'stream-by-stream':
      return units.flat();
    case 'streams-reversed':
      return [...units].reverse().flat();
    case 'shuffle': {
      // A shuffle of the units' labels, one per event, then each label takes its unit's next event.
      const labels = units.flatMap((unit, u) => unit.map(() => u));
      shuffle(labels, generator(order.seed));
      const next = units.map(() => 0);
      return labels.map((u) => units[u]![next[u]!++]!);
    }
    case 'window-reversed':
    case 'window-shuffle': {
      const size = Math.max(1, Math.floor(order.size));
      const random = order.kind === 'window-shuffle' ? generator(order.seed) : undefined;
      const out = streams.map((_, i) => i);
      for (const unit of units) {
        if (unit.length < 2) continue;
        for (let from = 0; from < unit.length; from += size) {
          const block = unit.slice(from, from + size);
          if (random) shuffle(block, random);
          else block.reverse();
          block.forEach((index, k) => (out[unit[from + k]!] = index));
        }
      }
      return out;
    }
  }
}

/** The units in the order they first appear, each its log indexes in order. */
function unitsOf(streams: readonly (string | undefined)[]): number[][] {
  const units: number[][] = [];
  const byStream = new Map<string, number[]>();
  streams.forEach((stream, i) => {
    if (stream === undefined) {
      units.push([i]);
      return;
    }
    let unit = byStream.get(stream);
    if (!unit) {
      unit = [];
      byStream.set(stream, unit);
      units.push(unit);
    }
    unit.push(i);
  });
  return units;
}

/** Fisher-Yates, in place. */
function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/** A 32-bit xorshift generator of numbers in [0, 1); the same seed gives the same sequence. */
function generator(seed: number): () => number {
  // Mix the seed so nearby seeds start far apart; zero is not a valid xorshift state.
  let s = Math.imul((Number.isFinite(seed) ? Math.trunc(seed) : 0) ^ 0x5bd1e995, 0x9e3779b1) >>> 0 || 0x6d2b79f5;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
