import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Two projects: fast unit tests, and e2e tests that drive the real Jupyter stack, Docker engine and CLI.
// e2e tests skip on a machine without those, but never in CI (CI=true), where they fail loudly instead.
const alias = { minicloud: fileURLToPath(new URL("./src/index.ts", import.meta.url)) };

export default defineConfig({
  test: {
    globalSetup: ["test/support/leak-check.ts"],
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/**/*.e2e.test.ts"] },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["test/**/*.e2e.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Kernels and Jupyter servers are heavy on 2 cores: one e2e file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
