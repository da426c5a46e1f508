export { notebooksIn, progress, progressSummary, progressTable } from "./progress-display.js";
export { progressFile, readProgress, recordCheck, type ProgressRecord, type ProgressStoreOptions } from "./progress-store.js";
export { notebookExercises, summarizeProgress, type ExerciseProgress, type ExerciseStatus, type NotebookProgress, type ProgressSummary } from "./progress-summary.js";
