export { buildCourse, type BuildCourseOptions, type BuiltNotebook } from "./build-course.js";
export { buildNotebook, DEFAULT_STUDENT, serializeNotebook, type NotebookBuildOptions, type NotebookCopy } from "./build-notebook.js";
export { parseCourseSource, type CellRole, type CourseSource, type HiddenCheck, type SourceCell, type SourceExercise, type SourceMeta } from "./course-source.js";
export { nbgraderChecksum, type NbgraderCellMetadata } from "./nbgrader-metadata.js";
export { readRoster } from "./roster.js";
