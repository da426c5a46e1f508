import { conflict, containerNotFound } from "./engine-errors.js";
import type { ContainerState } from "./types.js";

/** The containers an embedded engine holds, found by full id, unique id prefix, or name (as Docker does). */
export class ContainerRegistry<T extends { state: ContainerState }> {
  readonly #byId = new Map<string, T>();
  readonly #byName = new Map<string, T>();

  add(container: T): void {
    this.#byId.set(container.state.id, container);
    this.#byName.set(container.state.name, container);
  }

  get(idOrName: string): T {
    const exact = this.#byId.get(idOrName) ?? this.#byName.get(idOrName);
    if (exact) return exact;
    const matches = idOrName.length >= 4 ? [...this.#byId.values()].filter((c) => c.state.id.startsWith(idOrName)) : [];
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw conflict(`"${idOrName}" matches ${matches.length} containers; use more of the id.`);
    throw containerNotFound(idOrName);
  }

  /** Throws `Conflict` when a container already has the name. */
  claimName(name: string): void {
    const holder = this.#byName.get(name);
    if (holder) {
      throw conflict(`The container name "${name}" is already in use by container ${holder.state.id.slice(0, 12)}; pick another name or remove that container.`, "name");
    }
  }

  delete(id: string): void {
    const container = this.#byId.get(id);
    if (container === undefined) return;
    this.#byId.delete(id);
    this.#byName.delete(container.state.name);
  }

  all(): T[] {
    return [...this.#byId.values()];
  }
}
