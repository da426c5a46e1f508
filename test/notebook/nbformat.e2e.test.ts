import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { allNotebooks } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();
const VALIDATE = "import nbformat, sys\nfor path in sys.argv[1:]:\n    nbformat.validate(nbformat.read(path, as_version=4))\nprint('valid')";

describe.skipIf(jupyter.skip)(`built notebooks against the official nbformat schema ${jupyter.reason}`, () => {
  it("validates every notebook with Jupyter's own nbformat validator", async () => {
    const paths = allNotebooks().map((n) => join(packageRoot(), n));
    const { stdout } = await promisify(execFile)(jupyter.install!.python, ["-c", VALIDATE, ...paths]);
    expect(stdout.trim()).toBe("valid");
  });
});
