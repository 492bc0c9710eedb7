"""Stop words of every language the summaries read: sumy's lists (shipped with it, no download)
for English, Ukrainian, Arabic and Chinese, and Russian's, which sumy lacks, written here.

One set serves all: the scripts do not share words, so a Russian stop word never hides an
English one.
"""

from __future__ import annotations

from functools import cache

__all__ = ["RUSSIAN", "stop_words"]

# The commonest Russian function words: pronouns, prepositions, conjunctions, particles and
# the forms of "быть" (the usual core of Russian stop lists).
RUSSIAN = frozenset(
    """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
    для до его ее её ей если есть еще ещё же за здесь и из или им их к как ко когда кто ли
    либо между меня мне можно мой мы на над надо нас не него нее неё нет ни них но ну о об
    однако он она они оно от очень по под при про с со так также такой там те тем то того
    тоже той только том ты у уже хотя чего чей чем что чтобы чье чья эта эти это этого этой
    этом этот я который которая которые которое которых которым котором которого которой
    свой своей своего свои своих себя себе тот та этих этим всё вся всем будет будут был
    бывший после перед через около против среди также ранее сейчас теперь
    """.split()
)


@cache
def stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    words = set(RUSSIAN)
    for language in ("english", "ukrainian", "arabic", "chinese"):
        words.update(word.casefold() for word in get_stop_words(language))
    return frozenset(words)
