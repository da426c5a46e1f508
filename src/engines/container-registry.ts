import { conflict, containerNotFound } from "./engine-errors.js";
import type { ContainerState } from "./types.js";

/** The containers an embedded engine holds, found by full id, unique id prefix, or name (as Docker does). */
export class ContainerRegistry<T extends { state: ContainerState }> {
  readonly #byId = new Map<string, T>();

  add(container: T): void {
    this.#byId.set(container.state.id, container);
  }

  get(idOrName: string): T {
    const exact = this.#byId.get(idOrName);
    if (exact) return exact;
    const matches = [...this.#byId.values()].filter(
      (c) => c.state.name === idOrName || (idOrName.length >= 4 && c.state.id.startsWith(idOrName)),
    );
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw conflict(`"${idOrName}" matches ${matches.length} containers; use more of the id.`);
    throw containerNotFound(idOrName);
  }

  /** Throws `Conflict` when a container already has the name. */
  claimName(name: string): void {
    for (const c of this.#byId.values()) {
      if (c.state.name === name) throw conflict(`The container name "${name}" is already in use by container ${c.state.id.slice(0, 12)}; pick another name or remove that container.`, "name");
    }
  }

  delete(id: string): void {
    this.#byId.delete(id);
  }

  all(): T[] {
    return [...this.#byId.values()];
  }
}
