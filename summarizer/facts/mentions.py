"""A named fact (an actor or a weapon) with every form the text used and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["NamedFact"]


@dataclass
class NamedFact:
    name: str
    kind: str
    mentions: list[str] = field(default_factory=list)
    count: int = 0
    sentence: str = ""  # the first sentence it was found in (provenance)

    def add(self, mention: str, sentence: str) -> None:
        if mention not in self.mentions:
            self.mentions.append(mention)
        self.count += 1
        self.sentence = self.sentence or sentence
