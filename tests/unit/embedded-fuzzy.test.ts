/**
 * Fuzzy word lookup of the embedded engine: the radix-tree walks against brute force on random words, and
 * the typo budget by word length, swaps and prefixes through the engine's search.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { radix } from "@orama/orama/trees";
import { EmbeddedSearchEngine } from "@markedsdialog/core/search/embedded/engine";
import { wordOf } from "@markedsdialog/core/search/embedded/orama";
import { completions, exactWord, fuzzyWords } from "@markedsdialog/core/search/embedded/radix";
import type { SupplierSearchDoc } from "@markedsdialog/core/search/types";
import { randomSource } from "./random";

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, 1 each. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

/** A tree of random words over a small alphabet (so near misses are common), each held by one document. */
function randomTree(seed: number, count: number) {
  const random = randomSource(seed);
  const alphabet = "abdeilnorsæøå";
  const word = (): string =>
    Array.from({ length: 1 + random.int(11) }, () => alphabet[random.int(alphabet.length)]).join("");
  const words = [...new Set(Array.from({ length: count }, word))];
  const tree = new radix.RadixTree();
  words.forEach((w, id) => tree.insert(w, id + 1));
  /** A query near a stored word: 0–3 random edits of one, or a fresh random word. */
  const query = (): string => {
    if (random.int(5) === 0) return word();
    let q = words[random.int(words.length)] ?? "";
    for (let edits = random.int(4); edits > 0; edits--) {
      const i = random.int(q.length + 1);
      const ch = alphabet[random.int(alphabet.length)] ?? "a";
      const kind = random.int(4);
      if (kind === 0) q = q.slice(0, i) + ch + q.slice(i);
      else if (kind === 1 && q.length > 1) q = q.slice(0, i) + q.slice(i + 1);
      else if (kind === 2) q = q.slice(0, i) + ch + q.slice(i + 1);
      else if (i + 1 < q.length) q = q.slice(0, i) + q.charAt(i + 1) + q.charAt(i) + q.slice(i + 2);
    }
    return q;
  };
  return { tree, words, query };
}

describe("radix tree lookups against brute force", () => {
  it("when words within 0, 1 or 2 typos are looked up, then exactly the stored words that close are found, with their distance", () => {
    for (const seed of [1, 2, 3]) {
      const { tree, words, query } = randomTree(seed, 400);
      for (let n = 0; n < 150; n++) {
        const term = query();
        const distances = words.map((w) => ({ w, typos: editDistance(w, term) })).filter(({ typos }) => typos <= 2);
        for (const maxTypos of [0, 1, 2]) {
          const found = fuzzyWords(tree, term, maxTypos)
            .map(({ node, typos }) => `${wordOf(node)}:${typos}`)
            .sort();
          const expected = distances
            .filter(({ typos }) => typos <= maxTypos)
            .map(({ w, typos }) => `${w}:${typos}`)
            .sort();
          assert.deepEqual(found, expected, `seed ${seed}, "${term}", ${maxTypos} typos`);
        }
      }
    }
  });

  it("when a prefix is completed, then every stored word starting with it is found; past the maximum, the most held first", () => {
    const { tree, words, query } = randomTree(4, 400);
    for (let n = 0; n < 200; n++) {
      const prefix = query().slice(0, 1 + (n % 3));
      const found = completions(tree, prefix, 10_000).map(wordOf).sort();
      assert.deepEqual(found, words.filter((w) => w.startsWith(prefix)).sort(), `prefix "${prefix}"`);
    }
    const common = new radix.RadixTree();
    ["skole", "skolebygg", "skoleskyss", "skolemat"].forEach((w, i) => {
      for (let doc = 0; doc <= i; doc++) common.insert(w, 10 * i + doc);
    });
    assert.deepEqual(completions(common, "skole", 2).map(wordOf), ["skolemat", "skoleskyss"]);
  });

  it("when a word's last document is gone, then no lookup finds it any more", () => {
    const tree = new radix.RadixTree();
    tree.insert("brøyting", 1);
    tree.insert("brøytebil", 2);
    assert.equal(wordOf(exactWord(tree, "brøyting") ?? assert.fail("brøyting is stored")), "brøyting");
    tree.removeDocumentByWord("brøyting", 1);
    assert.equal(exactWord(tree, "brøyting"), undefined);
    assert.deepEqual(completions(tree, "brøyt", 10).map(wordOf), ["brøytebil"]);
    assert.deepEqual(
      fuzzyWords(tree, "brøyting", 2).map(({ node }) => wordOf(node)),
      [],
    );
    assert.equal(exactWord(tree, "brøy"), undefined, "a prefix of a stored word is not a stored word");
  });
});

function supplierDoc(id: number, name: string): SupplierSearchDoc {
  return {
    id: String(id).padStart(24, "0"),
    version: 1,
    orgNumber: String(910_000_000 + id),
    name,
    description: "",
    capabilities: "",
    cpv: [],
    cpvCodes: [],
    cpvLabels: [],
    nace: [],
    matchOnProfile: false,
    municipality: "3207",
    municipalityName: "Nordre Follo",
    county: "32",
    countyName: "Akershus",
    serviceMunicipalities: [],
    serviceCounties: [],
    national: false,
    serves: ["m:3207", "in:32"],
    placeNames: [],
    certifications: [],
    size: "small",
    _geo: { lat: 59.72, lng: 10.83 },
    updatedAt: 0,
  };
}

describe("typo budget, swaps and prefixes through the embedded engine", () => {
  // Words the stemmer leaves alone, so each is stored as typed.
  const names = ["kran", "fresk", "grunnbor", "asfaltfix", "gravmaskin", "takstol"];
  const engine = new EmbeddedSearchEngine();
  const ready = engine.upsert(
    "suppliers",
    names.map((name, i) => supplierDoc(i + 1, name)),
  );
  const found = async (q: string): Promise<string[]> => {
    await ready;
    return (await engine.search("suppliers", { q })).hits.map((h) => h.document.name);
  };
  // A trailing space: the word is finished, so it does not complete (only the word being typed does).
  const finished = (q: string): Promise<string[]> => found(`${q} `);

  it("when a word has fewer than 5 letters, then it must be spelled right", async () => {
    assert.deepEqual(await finished("kran"), ["kran"]);
    assert.deepEqual(await finished("krab"), []);
    assert.deepEqual(await finished("rkan"), [], "not even a swap");
  });

  it("when a word has 5 to 8 letters, then one typo or one swap of neighbours is forgiven, two are not", async () => {
    assert.deepEqual(await finished("fresj"), ["fresk"]);
    assert.deepEqual(await finished("frsek"), ["fresk"], "a swap is one typo");
    assert.deepEqual(await finished("frsje"), []);
    assert.deepEqual(await finished("grunbor"), ["grunnbor"]);
    assert.deepEqual(await finished("gurnnbro"), [], "two swaps are two typos");
  });

  it("when a word has 9 letters or more, then two typos are forgiven, three are not", async () => {
    assert.deepEqual(await finished("asfaltfxi"), ["asfaltfix"]);
    assert.deepEqual(await finished("asfalftxi"), ["asfaltfix"]);
    assert.deepEqual(await finished("asflaftxi"), []);
    assert.deepEqual(await finished("grvamaskni"), ["gravmaskin"]);
    assert.deepEqual(await finished("grvamsakni"), []);
  });

  it("when the last word is still being typed, then its completions match; a finished word does not complete", async () => {
    assert.deepEqual(await found("gravm"), ["gravmaskin"]);
    assert.deepEqual(await finished("gravm"), []);
    assert.deepEqual(await found("tak"), ["takstol"]);
    assert.deepEqual(await found("grunnbor fres"), ["grunnbor"], "a document must match the first word");
    assert.deepEqual(await found("fres"), ["fresk"]);
  });
});
