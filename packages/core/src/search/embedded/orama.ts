/**
 * Every read of Orama's data structures, in one place. The embedded engine writes through Orama's documented
 * functions (create, insert, remove) but searches by reading the index trees in place: Orama's `search`,
 * `where` and the radix tree's `find` copy every posting list (with an O(n²) de-duplication) and its geo tree
 * visits every point, far too slow at 100,000 documents.
 *
 * What is read here is typed as public in @orama/orama's own declarations (`components.index.Index#indexes`,
 * `internalDocumentIDStore.idToInternalId`, and the fields of `RadixNode`, `FlatTree` and `BoolNode` from
 * `@orama/orama/trees`) but not documented, and the radix node's one-letter field names changed between major
 * versions. So the version is pinned exactly (packages/core/package.json) and nothing else in the project
 * touches these fields; after an upgrade, tests/unit/embedded-*.test.ts and the contract suite tell whether
 * they still mean what this file says.
 */
import type { AnyOrama, components } from "@orama/orama";
import type { radix } from "@orama/orama/trees";

/** A node of a text field's radix tree: one stretch of characters of the stored words. */
export type WordNode = radix.RadixNode;
type Tree = components.index.Tree;
const EMPTY: ReadonlySet<number> = new Set<number>();

/** Orama's internal (dense, numeric) id of a document, if it is in the database. */
export const internalId = (db: AnyOrama, id: string): number | undefined =>
  db.internalDocumentIDStore.idToInternalId.get(id);

/** The tree Orama keeps for one schema property. */
export const propertyTree = (db: AnyOrama, property: string): Tree | undefined =>
  (db.data.index as components.index.Index).indexes[property];

/** The root of a text property's radix tree. */
export const radixRoot = (tree: Tree | undefined): WordNode | undefined =>
  tree?.type === "Radix" ? tree.node : undefined;

/**
 * The ids holding a value in an enum (Flat) or boolean (Bool) tree, read in place (do not change the set);
 * undefined for other trees.
 */
export function postingsOf(
  tree: Tree | undefined,
): ((value: string | number | boolean) => ReadonlySet<number>) | undefined {
  if (tree?.type === "Flat") {
    const byValue = tree.node.numberToDocumentId;
    return (value) => byValue.get(value) ?? EMPTY;
  }
  if (tree?.type === "Bool") {
    const node = tree.node;
    return (value) => (value === true ? node.true : node.false);
  }
  return undefined;
}

/** The child whose characters start with `ch`. */
export const childAt = (node: WordNode, ch: string): WordNode | undefined => node.c.get(ch);

/** The node's children, in no particular order. */
export const childrenOf = (node: WordNode): IterableIterator<WordNode> => node.c.values();

/** The characters this node adds to its parent's. */
export const labelOf = (node: WordNode): string => node.s;

/** The whole word ending at this node. */
export const wordOf = (node: WordNode): string => node.w;

/** Whether a word ends at this node that some document still holds. */
export const holdsWord = (node: WordNode): boolean => node.e && node.d.size > 0;

/** The ids of the documents holding the word ending at this node, read in place (do not change the set). */
export const postingsAt = (node: WordNode): ReadonlySet<number> => node.d;
