import type { CheckpointVerdict } from "./lab-types.js";

/** A checkpoint that passed, and what it verified. */
export const passed = (message: string): CheckpointVerdict => ({ passed: true, message });

/** A checkpoint that failed: what is missing, and what to do next. */
export const failed = (message: string, hint: string): CheckpointVerdict => ({ passed: false, message, hint });
