import { describe, expect, it } from "vitest";
import { allNotebooks, errorOutputs, executeWithNbconvert } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();
const notebooks = allNotebooks();

describe.skipIf(jupyter.skip)(`every notebook executes through jupyter nbconvert ${jupyter.reason}`, () => {
  it("finds the course notebooks", () => {
    expect(notebooks).toContain("notebooks/00-welcome.ipynb");
  });

  it.each(notebooks)("%s runs top to bottom with no error output", async (notebook) => {
    const executed = await executeWithNbconvert(jupyter.install!, notebook);
    expect(errorOutputs(executed)).toEqual([]);
  });
});
