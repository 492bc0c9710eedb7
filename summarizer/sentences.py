"""Sentence and word splitting that works offline, and the tokenizer handed to sumy.

Latin-script text goes to nupunkt, a pure-Python Punkt implementation with its model inside
the package (no NLTK data download), which handles abbreviations such as "U.S.", "Dec. 28"
and "a.m.". Punkt's English model knows neither 。 nor ؟ nor "ул. Ленина", so Chinese,
Japanese, Arabic and Cyrillic text is split by the rules of its script (`summarizer.scripts`).
A Han run has no spaces between words: its "words" are overlapping character pairs, the unit
Chinese search and similarity use.
"""

from __future__ import annotations

import re

from summarizer.scripts import Rules, rules_for

__all__ = ["SentenceTokenizer", "split_sentences", "split_words"]

_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # with kana
_LETTERS = rf"[^\W{_HAN}]+"  # word characters but Han
_WORD = re.compile(rf"[{_HAN}]+|{_LETTERS}(?:[-'’.]{_LETTERS})*")
_IS_HAN = re.compile(rf"[{_HAN}]+")
# Where a sentence ends, by script: at its mark and the closing quotes or brackets after it;
# in Cyrillic text only before what can open a sentence.
_ENDS = {
    "han": re.compile(r"[。！？!?]+[”’」』）)】\]\"']*|…{1,2}[”’」』）)】]*(?=\s*\S)"),
    "ar": re.compile(r"[.!?؟…]+[\"”»)]*(?=\s+\S)"),
    "cyr": re.compile(r"[.!?…]+[»\"”)]*(?=\s+[«\"„(—–\-0-9A-ZА-ЯЁІЇЄҐ])"),
}
# Abbreviations before a capitalised word that do not end a sentence: initials ("В. Путин")
# and titles and place words ("ген. Иванов", "ул. Ленина", "им. Шевченко", "г. Москва").
_CYRILLIC_ABBREVIATIONS = frozenset(
    "г ген им ул проф акад просп пл пос пер с д ст вул м ім пров обл св тов англ нем "
    "см рис п пп тел".split()
)
# Punkt gets paragraphs in bounded chunks, and a "sentence" longer than this (text without
# punctuation) is cut into word windows: a 10 MB text without punctuation must still finish.
_MAX_SENTENCE_CHARS = 2000


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping paragraph breaks as hard boundaries."""
    rules = rules_for(text)
    sentences: list[str] = []
    for line in text.split("\n"):
        paragraph = line.strip()
        if not paragraph:
            continue
        for chunk in _bounded_chunks(paragraph):
            for sentence in _sentences_of(chunk, rules):
                if len(sentence) > _MAX_SENTENCE_CHARS:
                    sentences.extend(_word_windows(sentence))
                elif sentence:
                    sentences.append(sentence)
    return sentences


def _sentences_of(chunk: str, rules: Rules) -> list[str]:
    if rules == "en":
        import nupunkt

        return [str(s).strip() for s in nupunkt.sent_tokenize(chunk)]
    if rules in ("zh", "ja"):
        ends = [m.end() for m in _ENDS["han"].finditer(chunk)]
    elif rules == "ar":
        ends = [m.end() for m in _ENDS["ar"].finditer(chunk)]
    else:
        marks = _ENDS["cyr"].finditer(chunk)
        ends = [m.end() for m in marks if _ends_sentence(chunk, m.start())]
    pieces, start = [], 0
    for end in [*ends, len(chunk)]:
        piece = chunk[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def _ends_sentence(chunk: str, mark: int) -> bool:
    """A Cyrillic full stop ends the sentence unless it closes an initial or an abbreviation
    ("г." after a year, "2024 г.", does end one)."""
    if chunk[mark] != ".":
        return True
    start = mark
    while start > 0 and chunk[start - 1].isalpha():
        start -= 1
    word = chunk[start:mark]
    if len(word) == 1 and word.isupper():
        return False
    if word.lower() not in _CYRILLIC_ABBREVIATIONS:
        return True
    return word == "г" and chunk[:start].rstrip()[-1:].isdigit()


def split_words(sentence: str) -> list[str]:
    """Word tokens (letters, digits, inner hyphens and apostrophes), punctuation dropped; a
    run of Han characters gives its overlapping pairs (one character alone stays one)."""
    words: list[str] = []
    for token in _WORD.findall(sentence):
        if _IS_HAN.fullmatch(token):
            words.extend(token[i : i + 2] for i in range(max(1, len(token) - 1)))
        else:
            words.append(token.rstrip("."))
    return words


def _word_windows(run: str, words_per_window: int = 60) -> list[str]:
    """Text with no sentence breaks (no punctuation at all) in readable, bounded pieces;
    text without spaces (Chinese) in pieces of characters."""
    words = run.split()
    if len(words) <= 1:
        size = _MAX_SENTENCE_CHARS // 4
        return [run[i : i + size] for i in range(0, len(run), size)]
    return [
        " ".join(words[i : i + words_per_window]) for i in range(0, len(words), words_per_window)
    ]


def _bounded_chunks(paragraph: str) -> list[str]:
    if len(paragraph) <= 20 * _MAX_SENTENCE_CHARS:
        return [paragraph]
    chunks: list[str] = []
    start = 0
    while start < len(paragraph):
        end = min(start + 20 * _MAX_SENTENCE_CHARS, len(paragraph))
        if end < len(paragraph):
            cut = max(paragraph.rfind(". ", start, end), paragraph.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        chunks.append(paragraph[start:end])
        start = end
    return chunks


class SentenceTokenizer:
    """sumy's tokenizer protocol (`to_sentences`, `to_words`) on top of nupunkt."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return split_words(sentence)
