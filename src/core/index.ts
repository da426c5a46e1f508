export { isMinicloudError, MinicloudError } from "./errors.js";
export { packageRoot } from "./package-root.js";
export { VERSION } from "./version.js";
