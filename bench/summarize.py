"""Summary quality and speed: Lead-3, every sumy method and ours, on dev and test, one run.

    python -m bench.summarize [--split dev|test|both] [--limit N] [--sentences 3] [--no-spacy]
                              [--json]

Prints ROUGE-1/2/Lsum F1 (rouge-score, stemming), readability and ms/article per method and
split, our default's ratios to Lead-3 and its speed ratio to LexRank, then one JSON line.

Readability (`summarizer.readability`), per 100 summaries: summaries holding a detached
back-reference (a sentence opening with a pronoun, a connective or a definite reference whose
preceding article sentence is not shown), summaries holding half a quotation, and summary
sentences under 6 words. "spacy-det" cross-checks the first with a detector that shares none of
its word lists (`bench.spacy_leans`, spaCy's tagger and parser): summaries holding a sentence that
opens with a pronoun, a conjunction or a discourse adverb after an article sentence the summary
leaves out. It adds about a fifth to the run; --no-spacy leaves it out.
"""

from __future__ import annotations

import argparse
import json
import time

from bench.evalset import Story, load_split, rouge
from bench.spacy_leans import SpacyLeans
from summarizer.rank import DEFAULT_METHOD, METHODS, summarize
from summarizer.readability import Readability, readability
from summarizer.sentences import split_sentences, split_words


def evaluate(
    method: str, stories: list[Story], sentences: int, leans: SpacyLeans | None = None
) -> dict[str, float]:
    started = time.perf_counter()
    summaries = [summarize(s.text, sentences=sentences, method=method).sentences for s in stories]
    elapsed = time.perf_counter() - started
    scores = rouge(summaries, stories)
    scores["ms_per_article"] = 1000 * elapsed / max(len(stories), 1)
    total = Readability()
    articles = [[s for s in split_sentences(story.text) if split_words(s)] for story in stories]
    for article, summary in zip(articles, summaries, strict=True):
        total += readability(article, summary)
    scores.update(total.per_100())
    if leans is not None:
        scores["spacy_detached_per_100"] = leans.detached_per_100(articles, summaries)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description="ROUGE and speed of every summary method.")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="stories per split")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy cross-check")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    leans = None if args.no_spacy else SpacyLeans()
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    methods = args.methods.split(",")
    results: dict[str, dict[str, dict[str, float]]] = {}
    for split in splits:
        stories = load_split(split, limit=args.limit)
        results[split] = {m: evaluate(m, stories, args.sentences, leans) for m in methods}
        results[split]["_stories"] = {"count": float(len(stories))}
    summary: dict[str, object] = {"sentences": args.sentences, "results": results}
    for split in splits:
        ours, lead = results[split].get(DEFAULT_METHOD), results[split].get("lead")
        lexrank = results[split].get("lexrank")
        if ours and lead:
            summary[f"{split}_vs_lead3"] = {
                k: round(ours[k] / lead[k], 4) for k in ("rouge1", "rouge2", "rougeLsum")
            }
        if ours and lexrank:
            summary[f"{split}_speed_vs_lexrank"] = round(
                ours["ms_per_article"] / lexrank["ms_per_article"], 3
            )
    if not args.json:
        for split in splits:
            count = int(results[split]["_stories"]["count"])
            print(f"\n{split} ({count} stories)")
            print(
                f"{'method':<12}{'R-1':>8}{'R-2':>8}{'R-Lsum':>8}"
                f"{'detached':>10}{'half-q':>8}{'short':>7}"
                + (f"{'spacy-det':>11}" if leans else "")
                + f"{'ms/article':>12}"
            )
            for method in methods:
                r = results[split][method]
                print(
                    f"{method:<12}{r['rouge1']:>8.2f}{r['rouge2']:>8.2f}{r['rougeLsum']:>8.2f}"
                    f"{r['detached_per_100']:>10.1f}{r['half_quotations_per_100']:>8.1f}"
                    f"{r['short_per_100']:>7.1f}"
                    + (f"{r['spacy_detached_per_100']:>11.1f}" if leans else "")
                    + f"{r['ms_per_article']:>12.2f}"
                )
            columns = "detached, half-q, short" + (", spacy-det" if leans else "")
            print(f"({columns}: per 100 summaries)")
            if f"{split}_vs_lead3" in summary:
                print(f"{DEFAULT_METHOD} / lead-3: {summary[f'{split}_vs_lead3']}")
            if f"{split}_speed_vs_lexrank" in summary:
                speed = summary[f"{split}_speed_vs_lexrank"]
                print(f"{DEFAULT_METHOD} time / lexrank time: {speed}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
