import { describe, expect, it } from "vitest";
import { allNotebooks, errorOutputs, executeWithNbconvert } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();
const notebooks = allNotebooks();

describe.skipIf(jupyter.skip)(`every notebook executes through jupyter nbconvert ${jupyter.reason}`, () => {
  it("finds the course notebooks", () => {
    expect(notebooks).toContain("notebooks/00-welcome.ipynb");
  });

  // The default engine (Docker in CI), and the embedded process engine a laptop without Docker uses.
  const runs = notebooks.flatMap((notebook) => [
    [notebook, "auto"],
    [notebook, "process"],
  ]);
  it.each(runs)("%s runs top to bottom with no error output (engine: %s)", async (notebook, engine) => {
    const executed = await executeWithNbconvert(jupyter.install!, notebook!, { env: { MINICLOUD_ENGINE: engine! } });
    expect(errorOutputs(executed)).toEqual([]);
  });
});
