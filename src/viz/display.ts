import { isDisplayable, plainText, type MimeBundle } from "./mime-bundle.js";
import { isVegaLiteSpec, vegaLiteBundle } from "./vega-lite.js";

/** What a notebook kernel offers minicloud: a way to show bundles, clear a cell's output, and page text. */
export interface KernelBridge {
  display(bundle: MimeBundle): void;
  clearOutput?(wait: boolean): void;
  page?(bundle: MimeBundle): void;
}

// A global registry rather than a module variable: the kernel and a notebook may load two copies of
// minicloud (an ES module import and a CommonJS require), and both must reach the same kernel.
const BRIDGE_KEY = Symbol.for("minicloud.kernelBridge");

/** Connects minicloud's display functions to a notebook kernel (the minicloud kernel does this), or disconnects them. */
export function connectKernel(bridge: KernelBridge | undefined): void {
  (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] = bridge;
}

function bridge(): KernelBridge | undefined {
  return (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] as KernelBridge | undefined;
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
  const kernel = bridge();
  if (kernel === undefined) return bundle;
  kernel.display(bundle);
  return undefined;
}

/** Clears the output of the running cell (with `wait`, only once new output arrives: no flicker for live updates). */
export function clearOutput(wait = false): void {
  bridge()?.clearOutput?.(wait);
}

/** Shows a value in the notebook's pager (the panel help text opens in), where the frontend has one. */
export async function page(value: unknown): Promise<void> {
  const bundle = await toMimeBundle(value);
  const kernel = bridge();
  if (kernel?.page) kernel.page(bundle);
  else kernel?.display(bundle);
}
