import { describe, expect, it } from "vitest";
import { VEGA_LITE_MIME } from "minicloud";
import { executeWithNbconvert } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();

describe.skipIf(jupyter.skip)(`00-welcome through the minicloud kernel ${jupyter.reason}`, () => {
  it("imports minicloud by name, shows the doctor's table, one chart with all three faces, and the progress table and chart", async () => {
    const executed = await executeWithNbconvert(jupyter.install!, "notebooks/00-welcome.ipynb");
    const outputsOf = (id: string) => executed.cells.find((c) => c.id === id)?.outputs ?? [];

    const imported = outputsOf("welcome-import").map((o) => [o.text].flat().join("")).join("");
    expect(imported).toMatch(/^minicloud \d+\.\d+\.\d+ is loaded/);

    const doctor = outputsOf("welcome-doctor").find((o) => o.output_type === "display_data");
    expect(String(doctor?.data?.["text/html"])).toContain("<table>");
    expect(String(doctor?.data?.["text/plain"])).toContain("tslab");

    const chart = outputsOf("welcome-chart").find((o) => o.output_type === "display_data");
    expect(Object.keys(chart?.data ?? {}).sort()).toEqual([VEGA_LITE_MIME, "image/svg+xml", "text/plain"].sort());
    const values = (chart?.data?.[VEGA_LITE_MIME] as { data: { values: { what: string; ms: number }[] } }).data.values;
    expect(values).toHaveLength(10);
    expect(values.every((v) => v.ms > 0)).toBe(true);

    const [progressTable, progressChart] = outputsOf("welcome-progress").filter((o) => o.output_type === "display_data");
    expect(String(progressTable?.data?.["text/plain"])).toMatch(/03 · Lambda functions\s+03-handler\s+/);
    expect(String(progressTable?.data?.["text/html"])).toContain("<table>");
    expect(Object.keys(progressChart?.data ?? {}).sort()).toEqual([VEGA_LITE_MIME, "image/svg+xml", "text/plain"].sort());
  });
});
