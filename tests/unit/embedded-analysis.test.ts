/** The embedded engine's text analysis: what a text and a query become before they meet in the index. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { searchSettings } from "@markedsdialog/search-config";
import { Analyzer, fold, stemNorwegian } from "@markedsdialog/core/search/embedded/analysis";

const analyzer = new Analyzer(searchSettings.suppliers);
const same = (...words: string[]): void => {
  const terms = new Set(words.map((w) => analyzer.terms(w).join(" ")));
  assert.equal(terms.size, 1, `${words.join(", ")} → ${[...terms].join(" | ")}`);
};
const different = (a: string, b: string): void =>
  assert.notEqual(analyzer.terms(a).join(" "), analyzer.terms(b).join(" "), `${a} and ${b} must stay apart`);
/** The words a query clause accepts, as index terms, and whether each counts as a synonym. */
const alternatives = (q: string) =>
  analyzer.parse(q).map((clause) =>
    clause.alternatives.map((alt) => ({
      terms: alt.map((t) => t.term).join(" "),
      synonym: alt.some((t) => t.synonym),
    })),
  );

describe("stemming", () => {
  it("when a bokmål word is inflected, then its forms meet on one term", () => {
    same("elektriker", "elektrikere", "elektrikeren");
    same("snekker", "snekkere");
    same("rørlegger", "rørleggere");
    same("skole", "skolen", "skolene", "skoler");
    same("barnehage", "barnehagen", "barnehager");
    same("vei", "veier");
    same("kommune", "kommunen", "kommunene");
    same("bygning", "bygninger");
  });

  it("when a nynorsk word is inflected, then its forms meet, and meet the bokmål forms where only the ending differs", () => {
    same("skule", "skulen", "skular");
    same("veg", "vegen", "vegar");
    same("barnehage", "barnehagar");
    same("kommune", "kommunane");
    same("bygning", "bygningar");
  });

  it("when stemming is applied again, then the term does not change", () => {
    for (const word of ["elektrikere", "skolene", "veier", "bruene", "renhold", "vintervedlikehold", "tjenester"]) {
      const stem = stemNorwegian(word);
      assert.equal(stemNorwegian(stem), stem, word);
    }
  });

  it("when words only look alike, then they stay apart", () => {
    different("skole", "skule"); // joined as spelling variants at query time, not by stemming
    different("bru", "brun");
    different("vei", "veg");
  });
});

describe("stop words", () => {
  it("when a text has bokmål or nynorsk function words, then they are not indexed", () => {
    assert.deepEqual(analyzer.terms("Brøyting og strøing i Ås og på Ski"), ["brøyting", "strøing", "ås", "ski"]);
    assert.deepEqual(analyzer.terms("Vi kan ikkje levere det eg ikke har"), analyzer.terms("levere"));
    assert.equal(analyzer.terms("levere").length, 1);
    assert.deepEqual(analyzer.terms("og i på"), []);
  });

  it("when a query is all stop words, then it has no clauses; around content words they are dropped", () => {
    assert.deepEqual(analyzer.parse("og i"), []);
    assert.deepEqual(
      alternatives("brøyting og strøing ").map((clause) => clause[0]?.terms),
      ["brøyting", "strøing"],
    );
  });
});

describe("Unicode and case", () => {
  it("when a word is written in upper case or with decomposed letters (NFD), then it is the same term", () => {
    same("Ås", "ÅS", "ås", "A\u030As", "a\u030as");
    same("Tromsø", "TROMSØ", "Troms\u00f8");
    same("Bærum", "BÆRUM");
    assert.deepEqual(analyzer.terms("Ve\u0301g"), analyzer.terms("vég"));
  });

  it("when a word has accents other than æ, ø and å, then they are folded away; æ, ø and å stay letters", () => {
    same("café", "cafe", "CAFÉ");
    same("Škoda", "skoda");
    different("Ås", "as");
    different("sø", "so");
    assert.equal(fold("møre"), "møre");
    assert.equal(fold("crème"), "creme");
  });

  it("when a query is typed in decomposed letters, then it finds the same terms as the composed one", () => {
    assert.deepEqual(analyzer.parse("A\u030As sno\u0308"), analyzer.parse("Ås snö"));
  });

  it("when text in decomposed letters is highlighted, then the matched word is marked and the text stays readable", () => {
    const matched = new Set(analyzer.terms("ås"));
    assert.equal(analyzer.highlight("Brøyting i A\u030As", matched), "Brøyting i <mark>Ås</mark>");
    assert.equal(analyzer.highlight("Ås & <Ski>", matched), "<mark>Ås</mark> &amp; &lt;Ski&gt;");
    assert.equal(analyzer.highlight("Ingen treff", matched), undefined);
  });
});

describe("bokmål and nynorsk at query time", () => {
  it("when a nynorsk spelling is searched, then the bokmål one matches like the word itself, and synonyms as synonyms", () => {
    const [clause] = alternatives("reinhald ");
    assert.deepEqual(clause?.[0], { terms: analyzer.terms("reinhald").join(" "), synonym: false });
    assert.ok(clause?.some((a) => a.terms === analyzer.terms("renhold").join(" ") && !a.synonym));
    assert.ok(clause?.some((a) => a.terms === analyzer.terms("rengjøring").join(" ") && a.synonym));
  });

  it("when a bokmål word is searched, then its nynorsk spelling is matched like it (and the other way round)", () => {
    const skule = analyzer.terms("skule").join(" ");
    const skole = analyzer.terms("skole").join(" ");
    assert.ok(alternatives("skole ")[0]?.some((a) => a.terms === skule && !a.synonym));
    assert.ok(alternatives("skule ")[0]?.some((a) => a.terms === skole && !a.synonym));
    assert.ok(alternatives("vegar ")[0]?.some((a) => a.terms === analyzer.terms("veier").join(" ") && !a.synonym));
  });

  it("when a phrase is a synonym key, then it is one clause", () => {
    const clauses = alternatives("snow clearing ");
    assert.equal(clauses.length, 1);
    assert.ok(clauses[0]?.some((a) => a.terms === analyzer.terms("brøyting").join(" ")));
  });
});
