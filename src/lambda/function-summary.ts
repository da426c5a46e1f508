import { escapeHtml, type Displayable, type MimeBundle } from "../viz/mime-bundle.js";
import type { MeteredInvocation } from "./billing.js";
import type { FunctionConfiguration } from "./function-config.js";

/** A function as the console's function page shows it: what it is, and what its last invocations did. */
export interface FunctionSummary extends Displayable {
  configuration: FunctionConfiguration;
  /** Reserved concurrency, when set (PutFunctionConcurrency). */
  reservedConcurrency: number | undefined;
  /** Execution environments of this version alive now (busy or warm). */
  environments: number;
  /** The most recent invocations, oldest first, as the billing meter recorded them. */
  recentInvocations: MeteredInvocation[];
}

const row = (key: string, value: string): string => `<tr><th style="text-align:left">${escapeHtml(key)}</th><td style="text-align:left">${escapeHtml(value)}</td></tr>`;

/** Puts a function's configuration and recent invocations together, with a notebook face (two tables). */
export function functionSummary(configuration: FunctionConfiguration, recent: MeteredInvocation[], state: { reservedConcurrency: number | undefined; environments: number }): FunctionSummary {
  const variables = Object.keys(configuration.Environment?.Variables ?? {});
  const facts: [string, string][] = [
    ["FunctionName", configuration.FunctionName],
    ["Version", configuration.Version],
    ["Runtime / Handler", `${configuration.Runtime} / ${configuration.Handler}`],
    ["MemorySize", `${configuration.MemorySize} MB`],
    ["Timeout", `${configuration.Timeout} s`],
    ["Architectures", (configuration.Architectures ?? []).join(", ")],
    ["Environment variables", variables.length === 0 ? "none" : variables.join(", ")],
    ["CodeSize", `${configuration.CodeSize} bytes`],
    ["LastModified", configuration.LastModified],
    ["Reserved concurrency", state.reservedConcurrency === undefined ? "not set (uses the account's unreserved pool)" : String(state.reservedConcurrency)],
    ["Execution environments now", String(state.environments)],
  ];
  const invocations = recent.map((m) => ({
    time: new Date(m.timestamp).toISOString().slice(11, 23),
    requestId: m.requestId.slice(0, 8),
    start: m.initDurationMs === undefined ? "warm" : `cold (INIT ${m.initDurationMs.toFixed(1)} ms)`,
    duration: `${m.durationMs.toFixed(2)} ms`,
    billed: `${m.billedDurationMs.current} ms (2019: ${m.billedDurationMs["2019"]} ms)`,
  }));
  return {
    configuration,
    reservedConcurrency: state.reservedConcurrency,
    environments: state.environments,
    recentInvocations: recent,
    toMimeBundle: (): MimeBundle => {
      const head = ["time", "requestId", "start", "duration", "billed"];
      const invocationRows = invocations.map((i) => `<tr>${head.map((h) => `<td style="text-align:left">${escapeHtml(i[h as keyof typeof i])}</td>`).join("")}</tr>`).join("");
      const html =
        `<table>${facts.map(([k, v]) => row(k, v)).join("")}</table>` +
        `<div><b>Recent invocations</b> (${invocations.length})</div>` +
        (invocations.length === 0 ? "<i>not invoked yet</i>" : `<table><tr>${head.map((h) => `<th style="text-align:left">${h}</th>`).join("")}</tr>${invocationRows}</table>`);
      const text = [
        ...facts.map(([k, v]) => `${k}: ${v}`),
        `Recent invocations (${invocations.length}):`,
        ...invocations.map((i) => `  ${i.time}  ${i.requestId}  ${i.start}  ${i.duration}  billed ${i.billed}`),
      ].join("\n");
      return { "text/html": html, "text/plain": text };
    },
  };
}
