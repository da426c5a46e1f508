/**
 * A min-heap of (time, id) pairs in two typed arrays: the simulator keeps a million pending completions
 * here without allocating an object per event, which is what lets it run a million invocations in
 * well under a second.
 */
export class EventHeap {
  #times = new Float64Array(64);
  #ids = new Int32Array(64);
  #size = 0;

  /** How many events wait. */
  get size(): number {
    return this.#size;
  }

  /** The earliest time, or Infinity when empty. */
  peekTime(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : this.#times[0]!;
  }

  /** The id of the earliest event (only when not empty). */
  peekId(): number {
    return this.#ids[0]!;
  }

  /** Adds an event. */
  push(time: number, id: number): void {
    if (this.#size === this.#times.length) this.#grow();
    const times = this.#times;
    const ids = this.#ids;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt <= time) break;
      times[i] = pt;
      ids[i] = ids[parent]!;
      i = parent;
    }
    times[i] = time;
    ids[i] = id;
  }

  /** Removes the earliest event (call peekTime/peekId first to read it). */
  pop(): void {
    const times = this.#times;
    const ids = this.#ids;
    const n = --this.#size;
    if (n === 0) return;
    const time = times[n]!;
    const id = ids[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && times[child + 1]! < times[child]!) child++;
      if (times[child]! >= time) break;
      times[i] = times[child]!;
      ids[i] = ids[child]!;
      i = child;
    }
    times[i] = time;
    ids[i] = id;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    times.set(this.#times);
    const ids = new Int32Array(this.#ids.length * 2);
    ids.set(this.#ids);
    this.#times = times;
    this.#ids = ids;
  }
}
