import type { ContainerState } from "./types.js";

/** A copy of a container's state that the caller may keep or change (cheaper than structuredClone, which matters at scale). */
export function copyState(state: ContainerState): ContainerState {
  return { ...state, ports: state.ports.map((p) => ({ ...p })), labels: { ...state.labels } };
}
