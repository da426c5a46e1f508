import type { TopLevelSpec } from "vega-lite";

/**
 * Renders a Vega-Lite spec to an SVG string in Node, with no browser: vega-lite compiles it to a
 * Vega spec and a headless Vega view draws it. The SVG is the fallback every frontend can show.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // vega cannot be require()d (vega-canvas awaits at top level): a real dynamic import keeps the
  // rest of minicloud loadable from CommonJS, which is how the notebook kernel loads it.
  const [vegaLite, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
