import { escapeHtml, type MimeBundle } from "../viz/mime-bundle.js";
import type { CheckpointProgress, StudentProgress } from "./lab-progress.js";

/** How times are written in a status table. */
export interface StatusTableOptions {
  /** The time zone to write times in (default: this machine's). */
  timeZone?: string;
  /** "Now", to decide whether a time needs its date (default: the wall clock). */
  now?: Date;
}

function timeText(iso: string | undefined, options: StatusTableOptions): string {
  if (iso === undefined) return "";
  const parts = (date: Date): Record<string, string> =>
    Object.fromEntries(
      new Intl.DateTimeFormat("en-CA", { timeZone: options.timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        .formatToParts(date)
        .map((p) => [p.type, p.value]),
    );
  const at = parts(new Date(iso));
  const today = parts(options.now ?? new Date());
  const sameDay = at["year"] === today["year"] && at["month"] === today["month"] && at["day"] === today["day"];
  return `${sameDay ? "" : `${at["month"]}-${at["day"]} `}${at["hour"]}:${at["minute"]}`;
}

/** One cell: ✓ and when it first passed, ✗ and when it last failed, or · when never tried. */
function cellText(progress: CheckpointProgress | undefined, options: StatusTableOptions): string {
  if (progress === undefined || progress.state === "not tried") return "·";
  return `${progress.state === "passed" ? "✓" : "✗"} ${timeText(progress.at, options)}`;
}

/** The status table's header and rows, as text cells. */
function statusCells(checkpoints: string[], rows: StudentProgress[], options: StatusTableOptions): string[][] {
  const header = ["student", ...checkpoints, "passed", "last activity"];
  const body = rows.map((row) => [
    row.student,
    ...checkpoints.map((c) => cellText(row.checkpoints.find((p) => p.checkpoint === c), options)),
    `${row.passed}/${checkpoints.length}`,
    row.problem ?? timeText(row.lastActivity, options),
  ]);
  return [header, ...body];
}

/** A lab's status as a plain-text table: one row per student, one column per checkpoint. */
export function formatStatusTable(checkpoints: string[], rows: StudentProgress[], options: StatusTableOptions = {}): string {
  const cells = statusCells(checkpoints, rows, options);
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? "")].length)));
  return cells.map((r) => r.map((c, i) => c + " ".repeat(widths[i]! - [...c].length)).join("  ").trimEnd()).join("\n");
}

/** A lab's status for a notebook: an HTML table, with the text table beside it. */
export function statusTableBundle(title: string, checkpoints: string[], rows: StudentProgress[], options: StatusTableOptions = {}): MimeBundle {
  const [header, ...body] = statusCells(checkpoints, rows, options);
  const colour = (text: string): string => (text.startsWith("✓") ? "#1a7f37" : text.startsWith("✗") ? "#cf222e" : "inherit");
  const html =
    `<b>${escapeHtml(title)}</b><table><tr>${header!.map((h) => `<th style="text-align:left">${escapeHtml(h)}</th>`).join("")}</tr>` +
    body.map((r) => `<tr>${r.map((c) => `<td style="text-align:left;color:${colour(c)}">${escapeHtml(c)}</td>`).join("")}</tr>`).join("") +
    `</table>`;
  return { "text/html": html, "text/plain": `${title}\n${formatStatusTable(checkpoints, rows, options)}` };
}
