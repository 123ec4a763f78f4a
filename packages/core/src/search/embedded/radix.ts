/**
 * Word lookups on Orama's radix trees: the exact word, completions of a prefix, and words within a number of
 * typos (Damerau–Levenshtein, a swap of two neighbours is one typo, as in Meilisearch). Orama's own
 * `find` copies every posting list with an O(n²) de-duplication, too slow for common words at 100k
 * documents, so the engine walks the nodes (through orama.ts) and reads their document sets in place.
 */
import { childAt, childrenOf, holdsWord, labelOf, postingsAt, type WordNode } from "./orama";

export type RadixNode = WordNode;

/** The node of a word some document holds, if the word is in the tree. */
export function exactWord(root: RadixNode, term: string): RadixNode | undefined {
  let node = root;
  let i = 0;
  while (i < term.length) {
    const child = childAt(node, term.charAt(i));
    if (!child || !term.startsWith(labelOf(child), i)) return undefined;
    i += labelOf(child).length;
    node = child;
  }
  return holdsWord(node) ? node : undefined;
}

/** Stored words that start with `prefix`, the most frequent first, at most `max`. */
export function completions(root: RadixNode, prefix: string, max: number): RadixNode[] {
  let node = root;
  let i = 0;
  while (i < prefix.length) {
    const child = childAt(node, prefix.charAt(i));
    if (!child) return [];
    const rest = prefix.slice(i);
    const label = labelOf(child);
    if (label.startsWith(rest)) {
      node = child;
      i = prefix.length;
      break;
    }
    if (!rest.startsWith(label)) return [];
    i += label.length;
    node = child;
  }
  const out: RadixNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop() as RadixNode;
    if (holdsWord(current)) out.push(current);
    for (const child of childrenOf(current)) stack.push(child);
  }
  if (out.length <= max) return out;
  return out.sort((a, b) => postingsAt(b).size - postingsAt(a).size).slice(0, max);
}

/** Stored words within `maxTypos` edits of `term`, with their distance. One edit-distance row per depth, no allocation per node. */
export function fuzzyWords(root: RadixNode, term: string, maxTypos: number): { node: RadixNode; typos: number }[] {
  const out: { node: RadixNode; typos: number }[] = [];
  const width = term.length + 1;
  const codes = Array.from({ length: term.length }, (_, j) => term.charCodeAt(j));
  let rows = new Int32Array(width * 32); // rows[d * width + j]: distance between the word's first d chars and term's first j
  let path = new Int32Array(32); // path[d]: the word's d-th char code
  for (let j = 0; j < width; j++) rows[j] = j;
  const walk = (node: RadixNode, depth: number): void => {
    for (const child of childrenOf(node)) {
      const label = labelOf(child);
      let d = depth;
      let alive = true;
      for (let k = 0; k < label.length; k++) {
        const ch = label.charCodeAt(k);
        d++;
        if ((d + 1) * width > rows.length) {
          const grown = new Int32Array(rows.length * 2);
          grown.set(rows);
          rows = grown;
          const grownPath = new Int32Array(path.length * 2);
          grownPath.set(path);
          path = grownPath;
        }
        path[d] = ch;
        const cur = d * width;
        const prev = cur - width;
        rows[cur] = d;
        let min = d;
        for (let j = 1; j < width; j++) {
          const c = codes[j - 1] ?? -1;
          let v = Math.min(
            (rows[cur + j - 1] ?? 0) + 1,
            (rows[prev + j] ?? 0) + 1,
            (rows[prev + j - 1] ?? 0) + (c === ch ? 0 : 1),
          );
          if (d > 1 && j > 1 && c === path[d - 1] && codes[j - 2] === ch)
            v = Math.min(v, (rows[prev - width + j - 2] ?? 0) + 1);
          rows[cur + j] = v;
          if (v < min) min = v;
        }
        if (min > maxTypos) {
          alive = false;
          break;
        }
      }
      if (!alive) continue;
      const distance = rows[d * width + width - 1] ?? Infinity;
      if (distance <= maxTypos && holdsWord(child)) out.push({ node: child, typos: distance });
      walk(child, d);
    }
  };
  walk(root, 0);
  return out;
}
