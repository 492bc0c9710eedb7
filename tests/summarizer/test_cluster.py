from __future__ import annotations

from datetime import UTC, datetime, timedelta

from summarizer.cluster import StoryItem, cluster_stories

T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def item(i, title, text, hours=0, names=(), days=()):
    return StoryItem(i, title, text, T0 + timedelta(hours=hours), frozenset(names), frozenset(days))


def stories(table):
    """The items of a table with a paragraph a story: `id | hours after T0 | names | days`,
    then the title, then the text (its lines joined with spaces)."""
    for paragraph in table.strip().split("\n\n"):
        head, title, *text = paragraph.splitlines()
        i, hours, names, days = (field.strip() for field in head.split("|"))
        yield item(i, title, " ".join(text), int(hours), names.split(", "), days.split())


ODESA_A, ODESA_B, KHARKIV, KOREA = stories("""
a | 0 | Russia, Ukraine, Shahed-136 | 2026-11-24
Drones hit Odesa port, grain silos burn
Russian drones struck the port of Odesa overnight, setting grain silos on fire, regional
officials said. Air defences shot down 31 of 40 Shahed drones.

b | 3 | Russia, Ukraine, Shahed-136 | 2026-11-24
Overnight Shahed attack sets Odesa grain terminal ablaze
A grain terminal in Odesa caught fire after an overnight attack by Shahed drones; Ukraine's
air force said it downed 31 of the 40 drones Russia launched.

c | 1 | Russia, Ukraine, Iskander-M | 2026-11-24
Missile strike damages Kharkiv power plant
A Russian missile hit a thermal power plant in Kharkiv, cutting electricity to thousands,
the mayor said. No casualties were reported.

d | 2 | North Korea, South Korea, KN-23 |
North Korea fires ballistic missile into the sea
North Korea launched a short-range ballistic missile off its east coast, South Korea's
Joint Chiefs of Staff said.
""")


def ids(items, clusters):
    return sorted(sorted(items[i].id for i in cluster) for cluster in clusters)


def test_same_event_from_two_sources_is_one_story_and_shared_names_do_not_merge():
    items = [ODESA_A, KHARKIV, ODESA_B, KOREA]
    assert ids(items, cluster_stories(items)) == [["a", "b"], ["c"], ["d"]]


def test_the_same_words_days_apart_are_different_stories():
    later = item("e", ODESA_A.title, ODESA_A.text, hours=24 * 5, names=ODESA_A.names)
    assert ids([ODESA_A, later], cluster_stories([ODESA_A, later])) == [["a"], ["e"]]


def test_empty_and_single():
    assert cluster_stories([]) == []
    assert cluster_stories([KOREA]) == [[0]]


def test_biggest_story_first():
    items = [KOREA, ODESA_A, ODESA_B]
    clusters = cluster_stories(items)
    assert [len(c) for c in clusters] == [2, 1]
