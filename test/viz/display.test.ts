import { afterEach, describe, expect, it } from "vitest";
import { connectKernel, display, html, isVegaLiteSpec, markdown, toMimeBundle, VEGA_LITE_MIME, type MimeBundle } from "minicloud";

const barChart = {
  title: "invocations",
  data: { values: [{ fn: "a", n: 3 }, { fn: "b", n: 5 }] },
  mark: "bar",
  encoding: { x: { field: "fn", type: "nominal" }, y: { field: "n", type: "quantitative" } },
} as const;

afterEach(() => connectKernel(undefined));

describe("display", () => {
  it("returns the bundle and shows nothing outside a notebook", async () => {
    const bundle = await display("hello");
    expect(bundle).toEqual({ "text/plain": "hello" });
  });

  it("hands the bundle to the kernel's sink and returns nothing, so it is not printed twice", async () => {
    const seen: MimeBundle[] = [];
    connectKernel({ display: (b) => seen.push(b) });
    expect(await display(html("<b>hi</b>"))).toBeUndefined();
    expect(seen).toEqual([{ "text/html": "<b>hi</b>", "text/plain": "hi" }]);
  });

  it("shows a Vega-Lite spec as the spec, an SVG fallback and a line of text", async () => {
    const bundle = await toMimeBundle(barChart);
    expect(Object.keys(bundle).sort()).toEqual([VEGA_LITE_MIME, "image/svg+xml", "text/plain"].sort());
    expect(bundle["text/plain"]).toBe("<Vega-Lite chart: invocations>");
    const svg = bundle["image/svg+xml"] as string;
    expect(svg.startsWith("<svg")).toBe(true);
    // One bar per data row, drawn as a path inside the marks group.
    expect(svg).toContain('class="mark-rect role-mark marks"');
    expect((bundle[VEGA_LITE_MIME] as { $schema: string }).$schema).toContain("vega-lite/v5");
  });

  it("uses an object's own toMimeBundle, and rejects one that returns no text/plain", async () => {
    expect(await toMimeBundle({ toMimeBundle: () => ({ "text/plain": "me", "text/html": "<i>me</i>" }) })).toEqual({
      "text/plain": "me",
      "text/html": "<i>me</i>",
    });
    await expect(toMimeBundle({ toMimeBundle: () => ({ "text/html": "x" }) })).rejects.toThrow(/text\/plain/);
  });

  it("shows Markdown with its source as text, and plain objects as Node prints them", async () => {
    expect(await toMimeBundle(markdown("# Title"))).toEqual({ "text/markdown": "# Title", "text/plain": "# Title" });
    expect((await toMimeBundle({ a: 1 }))["text/plain"]).toBe("{ a: 1 }");
  });

  it("recognises Vega-Lite specs by schema or by mark, and nothing else", () => {
    expect(isVegaLiteSpec(barChart)).toBe(true);
    expect(isVegaLiteSpec({ $schema: "https://vega.github.io/schema/vega-lite/v5.json" })).toBe(true);
    expect(isVegaLiteSpec({ $schema: "https://json-schema.org/draft/2020-12/schema", mark: "x" })).toBe(false);
    expect(isVegaLiteSpec({ a: 1 })).toBe(false);
    expect(isVegaLiteSpec([{ mark: "bar" }])).toBe(false);
  });
});
