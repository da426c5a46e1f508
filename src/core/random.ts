/** A seeded source of random numbers: the same seed gives the same sequence, so simulations repeat exactly. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** `digits` lowercase hex digits. */
  hex(digits: number): string;
}

/** A seeded generator (mulberry32: small, fast, good enough for simulation; not for secrets). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    hex(digits) {
      let out = "";
      while (out.length < digits) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, "0");
      return out.slice(0, digits);
    },
  };
}
