// What the container exercises share: a throwaway session with the course's images, and a way to ask a
// containerised service for its answer that gives up as soon as the container stops.
import { Cloud } from "../../cloud.js";
import { packageRoot } from "../../core/package-root.js";
import { ensureBaseImage } from "../../engines/base-image.js";
import { ensureImageFromFolder } from "../../engines/sample-images.js";
import type { ContainerEngine } from "../../engines/types.js";
import { waitForHttp } from "../../engines/wait-for-http.js";
import { join } from "node:path";

/** Runs `body` on a fresh session's engine holding `minicloud/node` and `minicloud/hello-service`; removed afterwards whatever happens. */
export async function withCloud<T>(body: (engine: ContainerEngine) => Promise<T>): Promise<T> {
  const cloud = await Cloud.start();
  try {
    await ensureBaseImage(cloud.engine);
    await ensureImageFromFolder(cloud.engine, "minicloud/hello-service:latest", join(packageRoot(), "images", "hello-service"));
    return await body(cloud.engine);
  } finally {
    await cloud.shutdown();
  }
}

/**
 * What the service in a container answers on `port`; if the container stops first (a crash, a memory
 * limit too small), that is the answer, with its exit code — no point waiting for a reply.
 */
export async function fetchJson(engine: ContainerEngine, id: string, port: number): Promise<Record<string, unknown>> {
  const stopped = engine.waitContainer(id).then((exit) => {
    throw new Error(`the container stopped before answering (exit code ${exit.exitCode}${exit.oomKilled ? ", killed for going over its memory limit" : ""})`);
  });
  stopped.catch(() => undefined); // once the service has answered, a later stop is nobody's business
  return Promise.race([waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000 }).then((r) => r.json<Record<string, unknown>>()), stopped]);
}

