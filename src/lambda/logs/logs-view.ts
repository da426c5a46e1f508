import { escapeHtml, type Displayable, type MimeBundle } from "../../viz/mime-bundle.js";
import type { LogStore, OutputLogEvent } from "./log-store.js";

/** A function's log, as a notebook shows it: the events, and a face that highlights Lambda's own lines. */
export interface LogsView extends Displayable {
  logGroupName: string;
  events: (OutputLogEvent & { logStreamName: string })[];
}

const PLATFORM = /^(START|END|REPORT|INIT_START) /;

/** The style of a line: REPORT lines stand out (they say what was billed), START/END are quiet, the function's own output is plain. */
function styleOf(message: string): string {
  if (message.startsWith("REPORT ")) return "background:#fff5d6;font-weight:bold";
  if (PLATFORM.test(message)) return "color:#6e7781";
  return "";
}

/** A REPORT line's fields one per cell-like chunk, Init Duration marked: the cold start is what a learner looks for. */
function reportHtml(message: string): string {
  return message
    .trimEnd()
    .split("\t")
    .map((field) => (field.startsWith("Init Duration") ? `<span style="color:#cf222e">${escapeHtml(field)}</span>` : escapeHtml(field)))
    .join("&nbsp;&nbsp;│&nbsp;&nbsp;");
}

/**
 * The last `limit` log events of a function, across its log streams (one per execution environment), in
 * time order — CloudWatch Logs' FilterLogEvents on `/aws/lambda/<name>` — shown with REPORT lines
 * highlighted and a cold start's Init Duration in red.
 */
export function logsView(logs: LogStore, functionName: string, limit = 50): LogsView {
  const logGroupName = `/aws/lambda/${functionName}`;
  const events = logs.filterLogEvents(logGroupName).slice(-limit);
  const streams = [...new Set(events.map((e) => e.logStreamName))];
  return {
    logGroupName,
    events,
    toMimeBundle: (): MimeBundle => {
      const time = (t: number): string => new Date(t).toISOString().slice(11, 23);
      const rows = events.map((e) => {
        const lines = e.message.replace(/\n$/, "");
        const body = e.message.startsWith("REPORT ") ? reportHtml(lines) : escapeHtml(lines);
        const env = `env ${streams.indexOf(e.logStreamName) + 1}`;
        return `<div style="${styleOf(e.message)}"><span style="color:#6e7781">${time(e.timestamp)} ${env}</span> ${body}</div>`;
      });
      const caption = `<div><b>${escapeHtml(logGroupName)}</b> — last ${events.length} events, ${streams.length} log stream${streams.length === 1 ? "" : "s"} (one per execution environment)</div>`;
      const html = `${caption}<div style="font-family:monospace;font-size:12px;white-space:pre-wrap">${rows.join("") || "<i>no events yet</i>"}</div>`;
      const text = [logGroupName, ...events.map((e) => `${time(e.timestamp)} env ${streams.indexOf(e.logStreamName) + 1} ${e.message.replace(/\n$/, "").replace(/\t/g, "  ")}`)].join("\n");
      return { "text/html": html, "text/plain": text };
    },
  };
}
