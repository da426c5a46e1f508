import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "./render-svg.js";
import type { MimeBundle } from "./mime-bundle.js";

/** The MIME type JupyterLab, the classic Notebook and VS Code render Vega-Lite specs from. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** The `$schema` minicloud's charts declare; v5 is what today's notebook frontends render. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

const VIEW_KEYS = ["mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat"];

/** True when `value` looks like a Vega-Lite spec: it names the Vega-Lite schema, or has a mark or a composition. */
export function isVegaLiteSpec(value: unknown): value is TopLevelSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const schema = (value as { $schema?: unknown }).$schema;
  if (typeof schema === "string") return schema.includes("vega-lite");
  return VIEW_KEYS.some((key) => key in value);
}

/** A chart as one MIME bundle: the interactive Vega-Lite spec, an SVG fallback and a line of text. */
export async function vegaLiteBundle(spec: TopLevelSpec): Promise<MimeBundle> {
  const withSchema = { $schema: VEGA_LITE_SCHEMA, ...spec } as TopLevelSpec;
  const title = typeof spec.title === "string" ? spec.title : (spec.description ?? "chart");
  return {
    [VEGA_LITE_MIME]: withSchema,
    "image/svg+xml": await renderSvg(withSchema),
    "text/plain": `<Vega-Lite chart: ${title}>`,
  };
}
