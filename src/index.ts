/**
 * minicloud: a mini-runtime that runs Lambda-style functions and ECS-style tasks for real, for learning.
 * This file is the one public entry: `import { Cloud } from "minicloud"`.
 */
export { Cloud, type CloudOptions } from "./cloud.js";
export * from "./core/index.js";
export * from "./engines/index.js";
export * from "./viz/index.js";
export * from "./grading/index.js";
export * from "./lambda/index.js";
export * from "./notebook/index.js";
export * from "./pricing/index.js";
export * from "./events/index.js";
export * from "./ecs/index.js";
export * from "./sim/index.js";
export * from "./labs/index.js";
