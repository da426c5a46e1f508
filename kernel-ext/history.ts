/** One executed cell in the kernel's history. */
export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

/** A `history_request`'s content (Jupyter messaging protocol). */
export interface HistoryQuery {
  output?: boolean;
  hist_access_type?: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

/** A glob (`*` any run of characters, `?` one character), as IPython's history search takes it. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "s");
}

/** The history of this kernel's session: what `history_request` reads (tail, range, search). */
export class History {
  /** The session number history replies carry; this kernel keeps one session. */
  static readonly SESSION = 1;
  readonly #entries: HistoryEntry[] = [];

  add(line: number, input: string, output: string | null): void {
    this.#entries.push({ session: History.SESSION, line, input, output });
  }

  query(q: HistoryQuery): unknown[] {
    let found: HistoryEntry[];
    switch (q.hist_access_type) {
      case "range": {
        const start = q.start ?? 0;
        const stop = q.stop ?? Number.POSITIVE_INFINITY;
        found = this.#entries.filter((e) => (q.session === undefined || q.session <= 0 || e.session === q.session) && e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const regexp = globToRegExp(q.pattern ?? "*");
        found = this.#entries.filter((e) => regexp.test(e.input));
        if (q.unique) {
          const seen = new Set<string>();
          found = found.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
        }
        if (q.n) found = found.slice(-q.n);
        break;
      }
      default:
        found = q.n ? this.#entries.slice(-q.n) : [...this.#entries];
    }
    return found.map((e) => (q.output ? [e.session, e.line, [e.input, e.output]] : [e.session, e.line, e.input]));
  }
}
