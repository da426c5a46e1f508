// The options `minicloud grade` has for reports, course platforms and late work, read from parseArgs'
// values into one object, with the error to print when they do not fit together.
import { parseLatePolicy, type LatePolicyOptions } from "minicloud";

/** A course platform minicloud can grade for. */
export type Platform = "gradescope" | "prairielearn";

const PLATFORMS: readonly string[] = ["gradescope", "prairielearn"];

/** What `minicloud grade` writes and where it runs, beyond the batch of JSON, HTML and CSV. */
export interface GradeExtras {
  /** Also write each student's results in a platform's format (`<student>.<platform>.json`). */
  format?: Platform;
  late?: Partial<LatePolicyOptions>;
  /** A CSV of student,submitted_at. */
  times?: string;
  /** Grade the one submission a platform put in `root`, and write its results where the platform reads them. */
  platform?: Platform;
  root?: string;
  /** Write what an instructor uploads to a platform, instead of grading. */
  package?: Platform;
  /** The grading image's name in PrairieLearn's info.json. */
  image?: string;
}

/** The parseArgs declarations of these options. */
export const GRADE_EXTRA_OPTIONS = {
  format: { type: "string" },
  due: { type: "string" },
  "late-penalty": { type: "string" },
  grace: { type: "string" },
  "late-cap": { type: "string" },
  "no-credit-after": { type: "string" },
  times: { type: "string" },
  platform: { type: "string" },
  root: { type: "string" },
  package: { type: "string" },
  image: { type: "string" },
} as const;

/** The usage text of these options. */
export const GRADE_EXTRA_USAGE =
  "[--format json|gradescope|prairielearn] [--due TIME [--late-penalty 10%/day] [--grace 15m] [--late-cap 50%] [--no-credit-after TIME|7d] [--times FILE]]\n" +
  "       minicloud grade RELEASE --package gradescope|prairielearn [--out DIR] [--image NAME] [grading and late options to use there]\n" +
  "       minicloud grade RELEASE --platform gradescope|prairielearn [--root DIR]   (what the packaged scripts run)";

type Values = { [K in keyof typeof GRADE_EXTRA_OPTIONS]?: string | undefined };

function platformOf(option: string, value: string | undefined, also?: string): Platform | undefined | Error {
  if (value === undefined || (also !== undefined && value === also)) return undefined;
  return PLATFORMS.includes(value) ? (value as Platform) : new Error(`--${option} must be ${[...(also ? [also] : []), ...PLATFORMS].join(", ")}, not "${value}".`);
}

/** Reads the options, or says what to change when they do not fit together. */
export function readGradeExtras(values: Values): GradeExtras | Error {
  const format = platformOf("format", values.format, "json");
  const platform = platformOf("platform", values.platform);
  const packaged = platformOf("package", values.package);
  if (format instanceof Error) return format;
  if (platform instanceof Error) return platform;
  if (packaged instanceof Error) return packaged;
  if (platform && packaged) return new Error("--platform grades inside a platform's container and --package writes what to upload there; give one of them.");
  if (format && (platform || packaged)) return new Error("--format is for grading a batch here; --platform and --package always use the platform's own format.");
  if (values.root !== undefined && !platform) return new Error("--root goes with --platform (it moves /autograder or /grade, for trying the scripts out).");
  if (values.times !== undefined && (platform || packaged)) return new Error("--times is for grading a batch here; on a platform the submission time comes from the platform.");
  if (values.image !== undefined && packaged !== "prairielearn") return new Error("--image names PrairieLearn's grading image; it goes with --package prairielearn.");
  const late = {
    ...(values.due !== undefined ? { due: values.due } : {}),
    ...(values["late-penalty"] !== undefined ? { latePenalty: values["late-penalty"] } : {}),
    ...(values.grace !== undefined ? { grace: values.grace } : {}),
    ...(values["late-cap"] !== undefined ? { lateCap: values["late-cap"] } : {}),
    ...(values["no-credit-after"] !== undefined ? { noCreditAfter: values["no-credit-after"] } : {}),
  };
  const lateGiven = Object.keys(late).length > 0 || values.times !== undefined;
  const where = platform ?? packaged;
  if (lateGiven && where === "prairielearn") return new Error("PrairieLearn gives late credit itself (the assessment's allowAccess rules); set it there and leave out --due and the late options.");
  // On Gradescope the due date may come from the assignment (submission_metadata.json); anywhere else it must be given.
  if (lateGiven && late.due === undefined && where !== "gradescope") return new Error("the late options need --due, the time the work was due (e.g. --due 2025-03-07T23:59:00-05:00).");
  if (lateGiven) {
    try {
      // Checked now, so a mistake shows before grading (or packaging), not at the first late submission.
      parseLatePolicy({ due: late.due ?? "1970-01-01T00:00:00Z", ...late });
    } catch (error) {
      return error as Error;
    }
  }
  return {
    ...(format ? { format } : {}),
    ...(lateGiven ? { late } : {}),
    ...(values.times !== undefined ? { times: values.times } : {}),
    ...(platform ? { platform } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(packaged ? { package: packaged } : {}),
    ...(values.image !== undefined ? { image: values.image } : {}),
  };
}
