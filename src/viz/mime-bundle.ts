import { inspect } from "node:util";

/** A MIME bundle: one value shown several ways, keyed by MIME type, as Jupyter's display messages carry it. */
export type MimeBundle = { "text/plain": string } & Record<string, unknown>;

/**
 * The display protocol: any object with a `toMimeBundle()` method shows itself through it when
 * passed to `display(x)` or left as a cell's value (IPython calls this `_repr_mimebundle_`).
 */
export interface Displayable {
  toMimeBundle(): MimeBundle | Promise<MimeBundle>;
}

/** True when `value` follows the display protocol. */
export function isDisplayable(value: unknown): value is Displayable {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<Displayable>).toMimeBundle === "function"
  );
}

/** The plain-text face of any value, as Node's REPL would print it. */
export function plainText(value: unknown): string {
  return typeof value === "string" ? value : inspect(value, { depth: 4, colors: false, breakLength: 100 });
}

/** HTML to display in a notebook, with a plain-text face for frontends that cannot show HTML. */
export function html(source: string, text?: string): Displayable {
  const plain = text ?? source.replace(/<[^>]*>/g, "").replace(/\n{3,}/g, "\n\n").trim();
  return { toMimeBundle: () => ({ "text/html": source, "text/plain": plain }) };
}

/** Markdown to display in a notebook; frontends that cannot render it show the source. */
export function markdown(source: string): Displayable {
  return { toMimeBundle: () => ({ "text/markdown": source, "text/plain": source }) };
}

/** Escapes text for safe inclusion in HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** A list of records shown as a table (HTML in a notebook, aligned text elsewhere). */
export function table(rows: Record<string, unknown>[], columns?: string[]): Displayable {
  const cols = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown): string => (value === undefined || value === null ? "" : typeof value === "string" ? value : plainText(value));
  return {
    toMimeBundle: () => {
      const head = `<tr>${cols.map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join("")}</tr>`;
      const body = rows.map((row) => `<tr>${cols.map((c) => `<td style="text-align:left">${escapeHtml(cell(row[c]))}</td>`).join("")}</tr>`).join("");
      const widths = cols.map((c) => Math.max(c.length, ...rows.map((row) => cell(row[c]).length)));
      const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
      const text = [line(cols), line(widths.map((w) => "-".repeat(w))), ...rows.map((row) => line(cols.map((c) => cell(row[c]))))].join("\n");
      return { "text/html": `<table>${head}${body}</table>`, "text/plain": text };
    },
  };
}
