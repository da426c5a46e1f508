#!/usr/bin/env node
// The `minicloud` command. The CLI is TypeScript compiled into dist/ by `npm run build`.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("minicloud is not built yet: run `npm run build` (or `npm install`) in the project folder.");
  process.exit(1);
}
await import(entry.href);
