/** One figure a benchmark measured. */
export interface Measurement {
  /** Short snake_case name, the key in the JSON output. */
  metric: string;
  value: number;
  unit: string;
  /** The target in words, e.g. "≤ 150 ms over bare node". */
  target?: string;
  /** Whether the target was met, when there is one. */
  met?: boolean;
}

/** A benchmark: a file in bench/ whose default export is one of these. */
export interface Benchmark {
  name: string;
  description: string;
  /** Measures and returns its figures; `skip` says why it could not run here. */
  run(): Promise<Measurement[] | { skip: string }>;
}
