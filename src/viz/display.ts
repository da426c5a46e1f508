import { isDisplayable, plainText, type MimeBundle } from "./mime-bundle.js";
import { isVegaLiteSpec, vegaLiteBundle } from "./vega-lite.js";

/** Where bundles go when a notebook kernel is listening: the kernel registers one, plain Node has none. */
export type DisplaySink = (bundle: MimeBundle) => void;

// A global registry rather than a module variable: the kernel and a notebook may load two copies of
// minicloud (an ES module import and a CommonJS require), and both must reach the same kernel.
const SINK_KEY = Symbol.for("minicloud.displaySink");

/** Registers the function that sends bundles to the notebook (called by the minicloud kernel), or removes it. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  (globalThis as Record<symbol, unknown>)[SINK_KEY] = sink;
}

function currentSink(): DisplaySink | undefined {
  return (globalThis as Record<symbol, unknown>)[SINK_KEY] as DisplaySink | undefined;
}

function checkBundle(bundle: unknown): MimeBundle {
  if (typeof bundle !== "object" || bundle === null || typeof (bundle as { "text/plain"?: unknown })["text/plain"] !== "string") {
    throw new TypeError(
      'toMimeBundle() must return an object with at least a "text/plain" string, e.g. { "text/plain": "...", "text/html": "..." }.',
    );
  }
  return bundle as MimeBundle;
}

/** The MIME bundle a value displays as: its own `toMimeBundle()`, a chart for a Vega-Lite spec, else text. */
export async function toMimeBundle(value: unknown): Promise<MimeBundle> {
  if (isDisplayable(value)) return checkBundle(await value.toMimeBundle());
  if (isVegaLiteSpec(value)) return await vegaLiteBundle(value);
  return { "text/plain": plainText(value) };
}

/**
 * Shows a value in the notebook as richly as it can: objects with `toMimeBundle()`, Vega-Lite specs
 * (interactive chart + SVG + text), `html(...)`, `markdown(...)`, or anything else as text.
 * Outside a notebook it shows nothing and returns the bundle instead (so tests can look at it); in a
 * notebook it returns nothing, so the bundle is not printed a second time as the cell's value.
 * @example await display({ mark: "bar", data: { values: [{ x: "a", y: 1 }] }, encoding: { x: { field: "x" }, y: { field: "y", type: "quantitative" } } })
 */
export async function display(value: unknown): Promise<MimeBundle | undefined> {
  const bundle = await toMimeBundle(value);
  const sink = currentSink();
  if (sink === undefined) return bundle;
  sink(bundle);
  return undefined;
}
