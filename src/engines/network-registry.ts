import { conflict, networkNotFound } from "./engine-errors.js";
import { sessionLabels } from "./labels.js";
import type { ContainerState, NetworkInfo } from "./types.js";

/** The networks of an embedded engine's session, with Docker's rules for creating and removing them. */
export class NetworkRegistry {
  readonly #networks = new Map<string, NetworkInfo>();
  readonly #sessionId: string;

  constructor(sessionId: string) {
    this.#sessionId = sessionId;
  }

  /** Adds a network; `Conflict` when the name is taken. */
  create(name: string, id: string): NetworkInfo {
    if (this.#networks.has(name)) throw conflict(`A network named ${name} already exists in this session.`, "name");
    const network = { id, name, labels: sessionLabels(this.#sessionId) };
    this.#networks.set(name, network);
    return { ...network };
  }

  /** Throws `NetworkNotFound` unless the network exists. */
  require(name: string): void {
    if (!this.#networks.has(name)) throw networkNotFound(name);
  }

  /** Removes a network that no container is attached to. */
  remove(name: string, containers: ContainerState[]): void {
    this.require(name);
    const attached = containers.find((c) => c.network === name);
    if (attached) throw conflict(`Network ${name} still has container ${attached.name}; remove it first.`);
    this.#networks.delete(name);
  }

  clear(): void {
    this.#networks.clear();
  }
}
