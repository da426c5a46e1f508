import { escapeHtml, type MimeBundle } from "../viz/mime-bundle.js";

/** What checking one exercise found. */
export interface CheckResult {
  exercise: string;
  title: string;
  passed: boolean;
  /** What was checked, or what went wrong, in the course's words. */
  message: string;
  /** The first input the answer got wrong, with what was expected and what came back. */
  counterexample?: { input: string; expected: string; actual: string };
  /** Shown after a failure: a nudge, never the answer. */
  hint?: string;
  /** How many inputs or steps were checked. */
  checks: number;
}

/** A check result from its parts; the hint is kept only when the check failed (it nudges, after a miss). */
export function verdict(exercise: string, title: string, passed: boolean, message: string, hint: string, checks: number): CheckResult {
  return { exercise, title, passed, message, checks, ...(passed ? {} : { hint }) };
}

/** A check result as a notebook output: a green or red panel with the first counterexample and a hint. */
export function checkResultBundle(result: CheckResult): MimeBundle {
  const mark = result.passed ? "✓" : "✗";
  const colour = result.passed ? "#1a7f37" : "#cf222e";
  const lines = [`${mark} ${result.exercise}: ${result.title}`, result.message];
  const rows: string[] = [];
  if (result.counterexample) {
    const { input, expected, actual } = result.counterexample;
    lines.push(`  input:    ${input}`, `  expected: ${expected}`, `  got:      ${actual}`);
    rows.push(
      ...[
        ["input", input],
        ["expected", expected],
        ["got", actual],
      ].map(([k, v]) => `<tr><th style="text-align:left">${k}</th><td style="text-align:left"><code>${escapeHtml(v!)}</code></td></tr>`),
    );
  }
  if (!result.passed && result.hint) lines.push(`hint: ${result.hint}`);
  const html =
    `<div style="border-left:4px solid ${colour};padding:4px 10px">` +
    `<b style="color:${colour}">${mark} ${escapeHtml(result.title)}</b> <small>(${escapeHtml(result.exercise)})</small>` +
    `<div>${escapeHtml(result.message)}</div>` +
    (rows.length ? `<table>${rows.join("")}</table>` : "") +
    (!result.passed && result.hint ? `<div><i>hint:</i> ${escapeHtml(result.hint)}</div>` : "") +
    `</div>`;
  return { "text/html": html, "text/plain": lines.join("\n") };
}
