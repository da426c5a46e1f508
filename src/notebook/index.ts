export { buildCourse, type BuiltNotebook } from "./build-course.js";
export { buildNotebook, serializeNotebook } from "./build-notebook.js";
export { parseCourseSource, type CourseSource, type SourceCell, type SourceMeta } from "./course-source.js";
