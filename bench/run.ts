// `npm run bench [-- --only name[,name]] [-- --json FILE]`: runs every bench/*.bench.ts and prints a table.
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { Benchmark, Measurement } from "./support/types.js";

const { values } = parseArgs({ options: { only: { type: "string", multiple: true }, json: { type: "string" } } });
const only = (values.only ?? []).flatMap((v) => v.split(",")).filter(Boolean);

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith(".bench.js")).sort();
const benchmarks: Benchmark[] = [];
for (const file of files) {
  benchmarks.push(((await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark }).default);
}
const unknown = only.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(", ")}. Known: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const rows: string[][] = [];
const json: Record<string, Record<string, number>> = {};
let failed = false;
for (const benchmark of benchmarks.filter((b) => only.length === 0 || only.includes(b.name))) {
  process.stderr.write(`running ${benchmark.name}: ${benchmark.description}\n`);
  let result: Measurement[] | { skip: string };
  try {
    result = await benchmark.run();
  } catch (error) {
    failed = true;
    rows.push([benchmark.name, "error", error instanceof Error ? error.message : String(error), "", "", ""]);
    continue;
  }
  if ("skip" in result) {
    rows.push([benchmark.name, "skipped", result.skip, "", "", ""]);
    continue;
  }
  json[benchmark.name] = {};
  for (const m of result) {
    json[benchmark.name]![m.metric] = m.value;
    rows.push([benchmark.name, m.metric, String(m.value), m.unit, m.target ?? "", m.met === undefined ? "" : m.met ? "met" : "MISSED"]);
  }
}

const header = ["benchmark", "metric", "value", "unit", "target", "verdict"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows) console.log(line(row));

if (values.json) writeFileSync(values.json, JSON.stringify(json, null, 2) + "\n");
process.exit(failed ? 1 : 0);
