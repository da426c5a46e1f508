import { lambdaUsageCost } from "../pricing/calculators.js";
import { escapeHtml, type MimeBundle } from "../viz/mime-bundle.js";
import type { BillingRule, MeteredInvocation } from "./billing.js";

/** Options for a bill. */
export interface BillOptions {
  rule?: BillingRule;
  architecture?: "x86_64" | "arm64";
  /** Apply the monthly free tier (off by default, so small numbers stay visible). */
  freeTier?: boolean;
}

/** One function's line on the bill. */
export interface BillLine {
  FunctionName: string;
  requests: number;
  gbSeconds: number;
  requestCost: number;
  durationCost: number;
  total: number;
}

/** A Lambda bill: lines by function and the total, with the rule and price table used. */
export interface LambdaBill {
  rule: BillingRule;
  priceTable: string;
  lines: BillLine[];
  total: number;
  toMimeBundle(): MimeBundle;
}

const dollars = (amount: number): string => `$${amount < 0.01 && amount > 0 ? amount.toFixed(8) : amount.toFixed(2)}`;

/** Prices metered invocations with the pricing module's tables. */
export function lambdaBill(metered: MeteredInvocation[], options: BillOptions): LambdaBill {
  const rule = options.rule ?? "current";
  const byFunction = new Map<string, { requests: number; gbSeconds: number }>();
  for (const entry of metered) {
    const line = byFunction.get(entry.functionName) ?? { requests: 0, gbSeconds: 0 };
    line.requests++;
    line.gbSeconds += entry.gbSeconds[rule];
    byFunction.set(entry.functionName, line);
  }
  let priceTable = rule === "2019" ? "lambda-2019" : "lambda-current";
  const lines = [...byFunction.entries()].sort().map(([FunctionName, usage]) => {
    const cost = lambdaUsageCost({ ...usage, rule, architecture: options.architecture ?? "x86_64", freeTier: options.freeTier ?? false });
    priceTable = cost.priceTable;
    return { FunctionName, requests: usage.requests, gbSeconds: usage.gbSeconds, requestCost: cost.requestCost, durationCost: cost.durationCost, total: cost.total };
  });
  const total = lines.reduce((sum, l) => sum + l.total, 0);
  return {
    rule,
    priceTable,
    lines,
    total,
    toMimeBundle() {
      const head = ["function", "requests", "GB-seconds", "requests cost", "duration cost", "total"];
      const rows = lines.map((l) => [l.FunctionName, String(l.requests), l.gbSeconds.toFixed(3), dollars(l.requestCost), dollars(l.durationCost), dollars(l.total)]);
      rows.push(["total", "", "", "", "", dollars(total)]);
      const html =
        `<table><caption style="text-align:left">Lambda bill, ${rule === "2019" ? "2019 rules (100 ms steps)" : "current rules (1 ms steps)"} — ${escapeHtml(priceTable)}</caption>` +
        `<tr>${head.map((h) => `<th style="text-align:left">${h}</th>`).join("")}</tr>` +
        rows.map((r) => `<tr>${r.map((c) => `<td style="text-align:left">${escapeHtml(c)}</td>`).join("")}</tr>`).join("") +
        "</table>";
      return { "text/html": html, "text/plain": [head, ...rows].map((r) => r.join("\t")).join("\n") };
    },
  };
}
