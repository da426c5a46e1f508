// The files of a PrairieLearn externally graded question: the question (info.json, question.html) with
// the grading script and the assignment in its tests/ folder, which PrairieLearn copies to /grade/tests
// and never serves to students; and a Docker image holding Node.js and minicloud (no assignment, so the
// image can be public). https://prairielearn.readthedocs.io/en/latest/externalGrading/
import { createHash } from "node:crypto";
import { prairielearnNotGradable } from "minicloud";
import { COULD_NOT_START, gradingScript } from "./grading-script.js";
import type { ZipEntry } from "./zip-archive.js";

/** What the PrairieLearn files need to know. */
export interface PrairieLearnQuestion {
  name: string;
  title: string;
  /** Options passed on to `minicloud grade` (time and memory limits), shell-quoted. */
  gradeArgs: string;
  /** The grading image in info.json. */
  image: string;
  /** The whole grading job's limit in seconds (PrairieLearn allows at most 600). */
  timeoutS: number;
  /** The Node.js major version of the image, e.g. 20. */
  nodeMajor: number;
}

/** A UUID derived from the assignment's name (RFC 4122 name-based, SHA-1): packaging again keeps the question's identity. */
export function questionUuid(name: string): string {
  const hash = createHash("sha1").update(`minicloud-workbook:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const run = (q: PrairieLearnQuestion): string =>
  gradingScript({
    platform: "prairielearn",
    about: ["PrairieLearn's external grader runs this (externalGradingOptions.entrypoint): it grades the notebook", "in /grade/student and writes /grade/results/results.json."],
    rootVariable: "PL_GRADE_ROOT",
    root: "/grade",
    cli: "/opt/minicloud/bin/minicloud.js",
    assignment: "tests/assignment",
    name: q.name,
    gradeArgs: q.gradeArgs,
    couldNotStart: prairielearnNotGradable([COULD_NOT_START]),
  });

const dockerfile = (q: PrairieLearnQuestion): string => `# The grading image: Node.js and minicloud, and nothing of any assignment (those come in each
# question's tests/ folder), so it can be pushed to a public registry.
FROM node:${q.nodeMajor}-bookworm-slim
COPY minicloud /opt/minicloud
WORKDIR /opt/minicloud
# Install scripts stay off, as the project's allowScripts says; the build is run by hand instead.
RUN npm ci --ignore-scripts --no-audit --no-fund && node scripts/build.js
`;

const questionHtml = (q: PrairieLearnQuestion): string => `<pl-question-panel>
  <p>Upload your notebook <code>${q.name}.ipynb</code> (<i>File → Download</i> in Jupyter). It is run from the
  top in a fresh minicloud kernel, and each exercise is checked as the notebook's own checks do, plus hidden checks.</p>
  <pl-file-upload file-names="${q.name}.ipynb"></pl-file-upload>
</pl-question-panel>

<pl-submission-panel>
  <pl-external-grader-results></pl-external-grader-results>
  <pl-file-preview></pl-file-preview>
</pl-submission-panel>
`;

const info = (q: PrairieLearnQuestion): string =>
  JSON.stringify(
    {
      uuid: questionUuid(q.name),
      title: q.title,
      topic: "minicloud",
      tags: ["minicloud", "notebook"],
      type: "v3",
      singleVariant: true,
      gradingMethod: "External",
      externalGradingOptions: { enabled: true, image: q.image, entrypoint: "/grade/tests/run", timeout: q.timeoutS },
    },
    null,
    2,
  ) + "\n";

const readme = (q: PrairieLearnQuestion): string => `# PrairieLearn question for ${q.name}

1. Build the grading image and push it where your PrairieLearn can pull it:
   \`docker build -t ${q.image} image/ && docker push ${q.image}\`
   (package again with \`--image <registry>/<name>:<tag>\` to use another name).
2. Copy \`questions/${q.name}/\` into your course's \`questions/\` folder and add it to an assessment.
   Late credit is PrairieLearn's: set it with the assessment's \`allowAccess\` rules.
`;

/** The PrairieLearn files; `minicloud/` sources go under image/, the assignment under the question's tests/. */
export function prairielearnFiles(q: PrairieLearnQuestion): ZipEntry[] {
  const question = `questions/${q.name}`;
  return [
    { path: "README.md", data: Buffer.from(readme(q)), mode: 0o644 },
    { path: "image/Dockerfile", data: Buffer.from(dockerfile(q)), mode: 0o644 },
    { path: `${question}/info.json`, data: Buffer.from(info(q)), mode: 0o644 },
    { path: `${question}/question.html`, data: Buffer.from(questionHtml(q)), mode: 0o644 },
    { path: `${question}/tests/run`, data: Buffer.from(run(q)), mode: 0o755 },
  ];
}
