import { normalizeImageRef } from "./image-ref.js";
import { sessionLabels } from "./labels.js";
import type { ContainerSpec, ContainerState, PublishedPort } from "./types.js";

/** A copy of a container's state that the caller may keep or change (cheaper than structuredClone, which matters at scale). */
export function copyState(state: ContainerState): ContainerState {
  return { ...state, ports: state.ports.map((p) => ({ ...p })), labels: { ...state.labels } };
}

/** The state of a container the embedded engines have just created, labelled with their session. */
export function createdState(options: {
  id: string;
  name: string;
  spec: ContainerSpec;
  sessionId: string;
  now: number;
  ports: PublishedPort[];
}): ContainerState {
  const { spec } = options;
  return {
    id: options.id,
    name: options.name,
    image: normalizeImageRef(spec.image),
    status: "created",
    exitCode: null,
    oomKilled: false,
    createdAt: options.now,
    startedAt: null,
    finishedAt: null,
    ports: options.ports,
    labels: sessionLabels(options.sessionId, spec.labels),
    network: spec.network ?? null,
  };
}
