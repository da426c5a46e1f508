// The files of a Gradescope autograder: setup.sh and run_autograder at the root of the zip, beside the
// assignment and minicloud's sources. Gradescope builds an image by running setup.sh once (as root,
// Ubuntu 22.04 by default), then runs run_autograder in /autograder for every submission.
// https://gradescope-autograders.readthedocs.io/en/latest/specs/
import { gradescopeFailure } from "minicloud";
import { COULD_NOT_START, gradingScript } from "./grading-script.js";
import type { ZipEntry } from "./zip-archive.js";

/** What the Gradescope scripts need to know. */
export interface GradescopeScripts {
  /** The assignment's name: its notebooks are assignment/{release,instructor}/<name>.ipynb. */
  name: string;
  /** Options passed on to `minicloud grade` (time and memory limits, late policy), shell-quoted. */
  gradeArgs: string;
  /** The Node.js release to install, e.g. v20.20.2: the one the package was made with. */
  nodeVersion: string;
}

const setup = (s: GradescopeScripts): string => `#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image.
# It installs Node.js ${s.nodeVersion} (Ubuntu's own is too old for minicloud) and minicloud's packages.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils util-linux
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "setup.sh: no Node.js build for $(uname -m)" >&2; exit 1 ;;
esac
curl -fsSL "https://nodejs.org/dist/${s.nodeVersion}/node-${s.nodeVersion}-linux-$arch.tar.xz" | tar -xJ -C /usr/local --strip-components=1
node --version
cd /autograder/source/minicloud
# Install scripts stay off, as the project's allowScripts says; the build is run by hand instead.
npm ci --ignore-scripts --no-audit --no-fund
node scripts/build.js
`;

const runAutograder = (s: GradescopeScripts): string =>
  gradingScript({
    platform: "gradescope",
    about: ["Gradescope runs this for every submission, in /autograder: it grades the notebook in submission/", "and writes results/results.json."],
    rootVariable: "AUTOGRADER_ROOT",
    root: "/autograder",
    cli: "$root/source/minicloud/bin/minicloud.js",
    assignment: "source/assignment",
    name: s.name,
    gradeArgs: s.gradeArgs,
    couldNotStart: gradescopeFailure(COULD_NOT_START),
  });

const readme = (s: GradescopeScripts): string => `# Gradescope autograder for ${s.name}

Upload \`${s.name}-gradescope.zip\` (these files, zipped at the root) on the assignment's
*Configure Autograder* page. Students upload \`${s.name}.ipynb\`. Each submission is graded by
\`minicloud grade --platform gradescope\`; the hidden checks are in \`assignment/instructor/\`, which
students never see. See docs/grading.md in the minicloud workbook for what the results show.
`;

/** The Gradescope-specific files of the autograder (the assignment and minicloud's sources are added beside them). */
export function gradescopeFiles(s: GradescopeScripts): ZipEntry[] {
  return [
    { path: "setup.sh", data: Buffer.from(setup(s)), mode: 0o755 },
    { path: "run_autograder", data: Buffer.from(runAutograder(s)), mode: 0o755 },
    { path: "README.md", data: Buffer.from(readme(s)), mode: 0o644 },
  ];
}
