import type { CompiledPattern, FieldConditions } from "./compile-pattern.js";
import { valueMatches, type Scalar } from "./value-conditions.js";

/** A value at the end of a path, and which element of each array on the way it came from. */
interface Leaf {
  value: Scalar;
  /** Array id → element index, for every array the path crossed. */
  elements: Map<number, number>;
}

/**
 * An event as Event Ruler sees it: the values at the end of each dotted path. Arrays are "crushed": every
 * element's values belong to the parent's path, so `{"ids": [1, 2]}` has two values at `ids`, and an empty
 * array or object has none.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 */
function flatten(document: unknown): Map<string, Leaf[]> {
  const leaves = new Map<string, Leaf[]>();
  let arrays = 0;
  const visit = (value: unknown, path: string, elements: Map<number, number>): void => {
    if (Array.isArray(value)) {
      const id = arrays++;
      value.forEach((item, index) => visit(item, path, new Map(elements).set(id, index)));
    } else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) visit(inner, path === "" ? key : `${path}.${key}`, elements);
    } else if (path !== "") {
      const list = leaves.get(path) ?? [];
      list.push({ value: value as Scalar, elements });
      leaves.set(path, list);
    }
  };
  visit(document, "", new Map());
  return leaves;
}

/** Whether two leaves can come from the same event object: in every array both crossed, the same element. */
function consistent(chosen: Map<number, number>, leaf: Leaf): boolean {
  for (const [id, index] of leaf.elements) if (chosen.has(id) && chosen.get(id) !== index) return false;
  return true;
}

/**
 * Whether every field of a branch has a value that meets one of its conditions, with all the values taken
 * from the same element of any array they share (Event Ruler's "array-consistent" matching: fields of
 * different objects in one array do not combine). `exists: false` holds when the path has no value at all.
 */
function branchMatches(fields: readonly FieldConditions[], leaves: Map<string, Leaf[]>): boolean {
  const search = (i: number, chosen: Map<number, number>): boolean => {
    const field = fields[i];
    if (field === undefined) return true;
    const values = leaves.get(field.path) ?? [];
    if (values.length === 0 && field.conditions.some((c) => c.kind === "exists" && !c.present)) return search(i + 1, chosen);
    for (const leaf of values) {
      if (!consistent(chosen, leaf)) continue;
      if (!field.conditions.some((c) => (c.kind === "exists" ? c.present : valueMatches(c, leaf.value)))) continue;
      const next = new Map(chosen);
      for (const [id, index] of leaf.elements) next.set(id, index);
      if (search(i + 1, next)) return true;
    }
    return false;
  };
  return search(0, new Map());
}

/** Whether an event (or message) matches a compiled pattern: one of its branches matches. */
export function matchesPattern(pattern: CompiledPattern, document: unknown): boolean {
  const leaves = flatten(document);
  return pattern.branches.some((fields) => branchMatches(fields, leaves));
}
