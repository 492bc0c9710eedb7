"""One actor under several names: the other names a text gives a body, and a person's
shorter mentions joined to the fullest name ("Mr. Kim" -> "Kim Jong Un").
"""

from __future__ import annotations

import re

from summarizer.facts.actor_rules import _ABBREVIATED, _ALSO_KNOWN, _LEADING_THE, _TITLES
from summarizer.facts.actor_spans import _Mention


def _aliases(text: str) -> dict[str, str]:
    """Other names the text itself gives a body: "Maritime Trade Operations (UKMTO)", "the
    Islamic State, also known as Daesh"."""
    found: dict[str, str] = {}
    for match in _ABBREVIATED.finditer(text):
        full = _LEADING_THE.sub("", match["full"].strip())
        initials = "".join(w[0] for w in full.split() if w[:1].isupper())
        if match["short"].upper().startswith(initials[:2]) or len(full.split()) >= 2:
            found.setdefault(match["short"], full)
    for match in _ALSO_KNOWN.finditer(text):
        before = re.findall(
            r"[A-Z][\w'’-]*(?:\s+(?:of|the|al|for)?\s*[A-Z][\w'’-]*)*",
            text[max(0, match.start() - 80) : match.start()],
        )
        if before:
            found.setdefault(match["alias"].strip(), _LEADING_THE.sub("", before[-1].strip()))
    return found


def _merge_people(
    mentions: list[_Mention], family: frozenset[str] = frozenset()
) -> dict[str, list[_Mention]]:
    """Group mentions of one person under the fullest name: "Mr. Kim" -> "Kim Jong Un"; of
    two as full, the one named first. A name made from a relative's (`family`: "Sara
    Netanyahu" of "his wife Sara") takes no bare surname: "Netanyahu" is the relative."""
    names: dict[str, list[_Mention]] = {}
    bare_of = {id(m): _strip_title(m.text) for m in mentions}
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(bare_of[id(m)], m.start)
    full = sorted(first, key=lambda n: (-len(n.split()), first[n], n))
    for mention in mentions:
        bare = bare_of[id(mention)]
        if "-" in bare and " " not in bare:
            # "Kim-Trump diplomacy": one mention of each person, when both are known.
            owners = [_owner(part, full) for part in bare.split("-")]
            if all(owners):
                for owner in owners:
                    names.setdefault(str(owner), []).append(mention)
                continue
        parts = bare.split()
        target = next(
            (
                name
                for name in full
                if name != bare
                and len(name.split()) > len(parts)
                and _part_of(parts, name.split())
                and not (name in family and parts == name.split()[-1:])
            ),
            bare,
        )
        names.setdefault(target, []).append(mention)
    return names


def _owner(part: str, full: list[str]) -> str | None:
    return next((n for n in full if len(n.split()) > 1 and _part_of([part], n.split())), None)


def _part_of(parts: list[str], name: list[str]) -> bool:
    if len(parts) == 1:
        return parts[0] in (name[0], name[-1])
    return all(p in name for p in parts)


def _strip_title(text: str) -> str:
    return re.sub(rf"^(?:(?:{_TITLES})\s+)+", "", text).strip()
