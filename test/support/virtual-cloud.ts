import { Cloud, createVirtualClock, ensureBaseImage, type VirtualClock } from "minicloud";

/** Runs `body` on a session of the simulated engine whose clock moves only when the test advances it; shuts it down after. */
export async function withVirtualCloud(body: (cloud: Cloud, clock: VirtualClock) => Promise<void>): Promise<void> {
  const clock = createVirtualClock();
  const cloud = await Cloud.start({ engine: "simulated", clock });
  try {
    await ensureBaseImage(cloud.engine);
    await body(cloud, clock);
  } finally {
    await cloud.shutdown();
  }
}
