"""The grammar of date expressions: month, weekday and number words, the pattern pieces the
rules are built from, and the words that say a number is not a year ("Mirage 2000").

Kept apart from the rules and their resolvers, so the vocabulary is read in one place.
"""

from __future__ import annotations

import calendar
import re

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_M = rf"(?P<month>{_MONTH})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_RANGE_JOIN = r"\s*(?:-|–|—|to|through|and|until)\s*"
_NOT_AFTER = r"(?![\w-])"
_NOT_BEFORE = r"(?<![\w-])"
_NOT_A_YEAR_AFTER = re.compile(
    r"\s*(?:s\b|'s\b|[-–](?:\d|[a-z])|\s*(?:troops|soldiers|people|km|kilometers|kilometres"
    r"|miles|tons|tonnes|meters|metres|feet|rounds|drones|missiles|shells|civilians|men|women"
    r"|children|units|pounds|dollars|euros|cases|votes|members|hours|days|times|percent)\b)",
    re.IGNORECASE,
)
# A capitalised name right before a number makes it a designation: "Mirage 2000".
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b(?P<name>[A-Z][\w-]*)\s+$")
_NOT_NAMES = frozenset(
    "In Since By Until From During After Before Through Of On For And The Between Around Early "
    "Late Mid End Summer Winter Spring Autumn Fall Until Till Circa About Over Under Year "
    "Years Also But Or Than Then Throughout Within Across Starting Beginning Entering Ending "
    "Last Next This Only Even Until Between Fiscal FY Spring".split()
)


def _month_number(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")]


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]
