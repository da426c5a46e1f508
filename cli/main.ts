// `minicloud <command>`: the command line that composes the library (src/) and the kernel (kernel-ext/).
import { parseArgs } from "node:util";
import { isEngineChoice, VERSION } from "minicloud";
import { formatDoctorReport, installKernelspec, runDoctor } from "../kernel-ext/index.js";
import { build } from "./build.js";
import { clean } from "./clean.js";
import { grade } from "./grade.js";
import { GRADE_EXTRA_OPTIONS, GRADE_EXTRA_USAGE, readGradeExtras } from "./grade-options.js";
import { lab } from "./lab.js";
import { buildImages } from "./images.js";
import { progressCommand } from "./progress.js";
import { run } from "./run.js";
import { start } from "./start.js";

const HELP = `minicloud ${VERSION}: run the workbook and its mini-cloud

Usage: minicloud <command> [options]

Commands:
  start [--yes] [--port N] [--no-browser]   register the kernel, install Jupyter if needed, serve notebooks/
  doctor [--json]                           check Node, tslab, Jupyter, the kernel and Docker; say how to fix
  run NOTEBOOK [--output FILE] [--allow-errors] [--timeout S]
                                            execute a notebook in a fresh minicloud kernel (no Python needed)
  kernel install                            write the "TypeScript (minicloud)" kernelspec (project-local)
  build [--check] [--student ID]... [--roster FILE]
                                            build notebooks/*.ipynb, and assignments/<name>/{release,instructor}/,
                                            from notebooks/sources/ (--check: verify only; --student/--roster:
                                            also students/<id>/ copies with each student's parameters)
  grade RELEASE SUBMISSION... [--out DIR] [--jobs N] [--force] [--timeout S] [--instructor FILE]
        [--sandbox auto|docker|process] [--memory MIB] [--format json|gradescope|prairielearn]
        [--due TIME [--late-penalty 10%/day] [--grace 15m] [--late-cap 50%] [--no-credit-after TIME|7d] [--times CSV]]
                                            grade submissions (notebooks, or folders of them) of an assignment:
                                            <student>.json and .html feedback and gradebook.csv in DIR
                                            (auto: a container per submission when Docker answers)
  grade RELEASE --package gradescope|prairielearn [--out DIR] [--image NAME] [limits and late options]
                                            write what to upload to Gradescope or PrairieLearn to grade there
  grade RELEASE --platform gradescope|prairielearn [--root DIR]
                                            grade the submission a platform put in its folder (the packaged scripts run this)
  progress [NOTEBOOK|FOLDER...] [--rerun] [--timeout S] [--json]
                                            which exercises of which notebook pass (your last check() of each);
                                            --rerun runs the notebooks first, as saved, in fresh kernels
  images build [--engine auto|docker|process]  build minicloud/node, the sample images and (on Docker) the
                                            grading sandbox's minicloud/grader, offline
  lab status [LAB] [--home DIR]... [--users NAME,...|*] [--json]
                                            each student's lab checkpoints, read from their homes
  lab reset LAB [--home DIR]                end a lab's sessions and remove its containers, images and
                                            checkpoint records, for one student (you, or the home DIR)
  clean [--all-users]                       remove containers, networks and processes of your sessions no longer
                                            running (--all-users, as root: every user's, on a shared machine)
  help                                      show this text
  version                                   print the version
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start": {
      const { values } = parseArgs({
        args: rest,
        options: { yes: { type: "boolean", short: "y" }, port: { type: "string" }, "no-browser": { type: "boolean" } },
      });
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        console.error(`--port must be a TCP port number (1-65535), not "${values.port}".`);
        return 2;
      }
      return start({ yes: values.yes ?? false, openBrowser: !(values["no-browser"] ?? false), ...(port ? { port } : {}) });
    }
    case "doctor": {
      const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
      const report = await runDoctor();
      console.log(values.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
      return report.checks.some((c) => c.status === "fail") ? 1 : 0;
    }
    case "kernel": {
      if (rest[0] !== "install") {
        console.error("Usage: minicloud kernel install");
        return 2;
      }
      const result = installKernelspec();
      console.log(`Kernel "TypeScript (minicloud)" ${result.changed ? "installed" : "already installed"} in ${result.dir}`);
      console.log(`Jupyter finds it when JUPYTER_PATH includes ${result.dir.replace(/\/kernels\/minicloud$/, "")} (npm start sets it).`);
      return 0;
    }
    case "images": {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { engine: { type: "string" } } });
      const engine = values.engine ?? "auto";
      if (positionals[0] !== "build" || !isEngineChoice(engine)) {
        console.error("Usage: minicloud images build [--engine auto|docker|process]");
        return 2;
      }
      return buildImages(engine);
    }
    case "run": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { output: { type: "string", short: "o" }, "allow-errors": { type: "boolean" }, timeout: { type: "string" } },
      });
      const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
      if (positionals.length !== 1 || (timeoutS !== undefined && !(timeoutS > 0))) {
        console.error("Usage: minicloud run NOTEBOOK [--output FILE] [--allow-errors] [--timeout SECONDS]  (the timeout is per cell, above 0)");
        return 2;
      }
      return run(positionals[0]!, {
        allowErrors: values["allow-errors"] ?? false,
        ...(values.output ? { output: values.output } : {}),
        ...(timeoutS !== undefined ? { timeoutS } : {}),
      });
    }
    case "grade": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          out: { type: "string" },
          jobs: { type: "string" },
          force: { type: "boolean" },
          timeout: { type: "string" },
          instructor: { type: "string" },
          sandbox: { type: "string" },
          memory: { type: "string" },
          ...GRADE_EXTRA_OPTIONS,
        },
      });
      const number = (name: string, text: string | undefined, integer: boolean): number | undefined | "bad" => {
        if (text === undefined) return undefined;
        const n = Number(text);
        return n > 0 && (!integer || Number.isInteger(n)) ? n : "bad";
      };
      const jobs = number("jobs", values.jobs, true);
      const timeoutS = number("timeout", values.timeout, false);
      const memoryMiB = number("memory", values.memory, true);
      const sandbox = values.sandbox ?? "auto";
      const usage = `Usage: minicloud grade RELEASE SUBMISSION... [--out DIR] [--jobs N] [--force] [--timeout S] [--instructor FILE] [--sandbox auto|docker|process] [--memory MIB]\n       ${GRADE_EXTRA_USAGE}`;
      const extras = readGradeExtras(values);
      if (extras instanceof Error) return (console.error(`minicloud grade: ${extras.message}`), 2);
      const alone = extras.platform !== undefined || extras.package !== undefined;
      if (alone ? positionals.length !== 1 : positionals.length < 2) return (console.error(`${usage}\n(give the release notebook${alone ? " alone: the platform says where the submission is" : ", then at least one submission or folder"})`), 2);
      if (jobs === "bad") return (console.error(`--jobs must be a whole number above 0, not "${values.jobs}".`), 2);
      if (timeoutS === "bad") return (console.error(`--timeout must be seconds above 0, not "${values.timeout}".`), 2);
      if (memoryMiB === "bad") return (console.error(`--memory must be MiB, a whole number above 0, not "${values.memory}".`), 2);
      if (sandbox !== "auto" && sandbox !== "process" && sandbox !== "docker") return (console.error(`--sandbox must be auto, docker or process, not "${sandbox}".`), 2);
      return grade({
        release: positionals[0]!,
        submissions: positionals.slice(1),
        force: values.force ?? false,
        sandbox,
        extras,
        ...(values.instructor !== undefined ? { instructor: values.instructor } : {}),
        ...(values.out !== undefined ? { outDir: values.out } : {}),
        ...(jobs !== undefined ? { jobs } : {}),
        ...(timeoutS !== undefined ? { timeoutS } : {}),
        ...(memoryMiB !== undefined ? { memoryMiB } : {}),
      });
    }
    case "progress": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { rerun: { type: "boolean" }, json: { type: "boolean" }, timeout: { type: "string" } },
      });
      const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
      if (timeoutS !== undefined && !(timeoutS > 0)) return (console.error(`--timeout must be seconds above 0, not "${values.timeout}".`), 2);
      return progressCommand({ paths: positionals, rerun: values.rerun ?? false, json: values.json ?? false, ...(timeoutS !== undefined ? { timeoutS } : {}) });
    }
    case "clean": {
      const { values } = parseArgs({ args: rest, options: { "all-users": { type: "boolean" } } });
      return clean({ allUsers: values["all-users"] ?? false });
    }
    case "lab":
      return lab(rest);
    case "build": {
      const { values } = parseArgs({
        args: rest,
        options: { check: { type: "boolean" }, student: { type: "string", multiple: true }, roster: { type: "string", multiple: true } },
      });
      return build({ check: values.check ?? false, students: values.student ?? [], rosters: values.roster ?? [] });
    }
    case "version":
    case "--version":
      console.log(VERSION);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // The one edge where errors are reported: a message, never a stack trace, for expected failures.
    console.error(`minicloud: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
