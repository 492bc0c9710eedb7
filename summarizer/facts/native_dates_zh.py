"""Simplified Chinese date grammar: 2026年11月24日 in digits or numerals (二〇二六年十一月二十四日),
上周五 and 周六, 昨天 and 去年, 两天前, 上半年 and 年底, the anaphoric 次日, 同年 and 一周后,
and the bare day 24日 that news writes for a day of the month in hand.

There are no spaces to mark words, so numbers are fenced by what may not touch them: a digit,
a numeral or a hyphen (歼-16, 东风-41) before, 代 after a year (1990年代 is a decade).
"""

from __future__ import annotations

import re

from summarizer.facts.native_date_tenses import ZH_CLAUSE, ZH_FUTURE, ZH_PAST
from summarizer.facts.native_date_words import (
    YEAR_DIGITS,
    Kind,
    NativeGrammar,
    NativeRule,
    rule,
)

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip


def _number(text: str) -> int | None:
    """Digits, or numerals: 二十四 (24), 十一 (11), 两 (2), and 二〇二六 read digit by digit."""
    text = text.strip()
    if text.isdecimal():
        return int(text)
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    return int("".join(str(_DIGITS[ch]) for ch in text))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


_NB = r"(?<![\d〇零一二三四五六七八九十百千万两.\-－—])"  # no number or hyphen just before
_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_COUNT = r"(?P<count>\d{1,2}|[一二三四五六七八九十两]{1,3})"
_YEAR = rf"(?P<year>{YEAR_DIGITS}|[一二][〇零九][〇零一二三四五六七八九]{{2}})"
_YEAR2 = rf"(?P<year2>{YEAR_DIGITS}|[一二][〇零九][〇零一二三四五六七八九]{{2}})"
_MONTH = rf"(?P<month>{_N})\s*月"
_DAY = rf"(?P<day>{_N})\s*[日号]"
_TO = r"\s*(?:至|到|-|－|–|—|~|～)\s*"
_WHICH_YEAR = r"(?P<which>今年|去年|明年|前年|后年|本年)"
_NOT_A_YEAR = r"(?!代|龄|级|纪|薪|限)"
_UNIT = r"(?P<unit>天|周|个?星期|个?礼拜|个月|年)"
_HOW_MANY = rf"(?:(?P<half>半)\s*年|{_COUNT}\s*{_UNIT})"


def _r(pattern: str, kind: Kind, unit: str = "", step: int = 0) -> NativeRule:
    return rule(pattern, kind, unit, step, flags=0)


_RULES: tuple[NativeRule, ...] = (
    _r(rf"{_NB}{_YEAR}\s*年\s*{_MONTH}\s*{_DAY}", "full"),
    _r(
        rf"(?<![\d.\-/]){_YEAR}\s*[-/.]\s*(?P<month>\d{{1,2}})\s*[-/.]\s*(?P<day>\d{{1,2}})"
        r"(?![\d.\-/])",
        "full",
    ),
    _r(
        rf"{_NB}(?:{_YEAR}\s*年\s*)?{_MONTH}\s*(?P<day>{_N})\s*[日号]?{_TO}(?P<month2>{_N})\s*月"
        rf"\s*(?P<day2>{_N})\s*[日号]",
        "cross_range",
    ),
    _r(
        rf"{_NB}(?:{_YEAR}\s*年\s*)?{_MONTH}\s*(?P<day>{_N})\s*[日号]?"
        rf"(?:{_TO}|\s*[和、]\s*)(?P<day2>{_N})\s*[日号]",
        "day_range",
    ),
    _r(rf"{_NB}(?:从\s*)?{_YEAR}\s*年?{_TO}{_YEAR2}\s*年{_NOT_A_YEAR}", "year_range"),
    _r(rf"{_WHICH_YEAR}\s*{_MONTH}(?:份)?\s*{_DAY}", "day_month"),
    _r(rf"{_WHICH_YEAR}\s*{_MONTH}(?:份)?(?!\s*{_N}\s*[日号])", "month_rel"),
    _r(rf"(?:同年|当年|同一年)\s*{_MONTH}(?:份)?(?:\s*{_DAY})?", "ref_date", step=0),
    _r(rf"(?:次年|翌年|第二年|转年)\s*{_MONTH}(?:份)?(?:\s*{_DAY})?", "ref_date", step=1),
    _r(rf"{_NB}{_MONTH}\s*{_DAY}", "day_month"),
    _r(rf"{_NB}{_YEAR}\s*年\s*(?P<edge>上半年|下半年|初(?!步|衷|次|心|始|级|赛)|底|末)", "half"),
    _r(
        rf"{_WHICH_YEAR}\s*(?P<edge>上半年|下半年|年初|年底|年末|初(?!步|衷|次|心|始|级)|底|末)",
        "half",
    ),
    _r(r"(?<![每今去明前后本])(?<!每年)(?P<edge>上半年|下半年|年初|年底|年末)", "half_ref"),
    _r(rf"{_NB}{_YEAR}\s*年\s*{_MONTH}(?:份)?(?!\s*{_N}\s*[日号])", "month_year"),
    _r(
        rf"{_NB}(?<!近)(?<!约)(?<!逾)(?<!长达)(?<!超过)(?<!为期)(?<!历时)(?<!过去)(?<!数)"
        rf"{_YEAR}\s*年{_NOT_A_YEAR}(?!\s*{_N}\s*月\s*{_N}\s*[日号])",
        "year",
    ),
    _r(r"当天|当日|同日|同一天|同一日", "anaphora", "day", 0),
    _r(r"次日|翌日|第二天|第二日|隔天|隔日", "anaphora", "day", 1),
    _r(r"前一天|前一日|头一天", "anaphora", "day", -1),
    _r(r"同周|当周|同一周", "anaphora", "week", 0),
    _r(r"同月|当月|同一个月", "anaphora", "month", 0),
    _r(r"次月|翌月", "anaphora", "month", 1),
    _r(r"同年|当年|同一年", "anaphora", "year", 0),
    _r(r"次年|翌年|第二年|转年", "anaphora", "year", 1),
    _r(r"前一年", "anaphora", "year", -1),
    _r(rf"{_NB}{_HOW_MANY}\s*(?:之|以)?后", "anaphora", "", 1),
    _r(rf"{_NB}{_HOW_MANY}\s*(?:之|以)?前", "ago"),
    _r(
        r"(?<!每)(?P<which>上上个?|上个?|下下个?|下个?|本|这个?)?(?:周|星期|礼拜)"
        r"(?P<weekday>[一二三四五六日天])(?!次|遍|度|年)",
        "weekday",
    ),
    _r(
        r"(?P<rel>大前天|前天|昨天|昨日|今天|明天|后天(?!性)|今日(?!俄罗斯|美国|头条|中国|日本|亚洲"
        r"|印度|说法|关注|焦点)|明日(?!之星))",
        "rel_day",
    ),
    _r(
        r"(?P<which>上上个?|上个?|下下个?|下个?|本|这一?个?)(?P<unit>周|星期|礼拜)"
        r"(?![一二三四五六日天末年])",
        "rel_period",
    ),
    _r(r"(?P<which>上个?|下个?|本|这个?)(?P<unit>月)(?!份?\d|球)", "rel_period"),
    _r(r"(?P<which>今年|去年|明年|前年|后年|本年)", "rel_period"),
    _r(rf"{_NB}(?<![个第每数几]){_MONTH}(?:份)?(?!\s*{_N}\s*[日号])(?!革命)", "bare_month"),
    # "24日": the day of the month in hand (digits, or numerals with 十: 二十四日, not 三日)
    _r(
        r"(?<![月\d０-９〇零一二三四五六七八九十第每期近约数几逾])(?P<day>\d{1,2}|[一二三]?十"
        r"[一二三四五六七八九]?)\s*日(?!本(?!报)|元|夜|常|益|趋|内)",
        "day_only",
    ),
)

CHINESE = NativeGrammar(
    rules=_RULES,
    months=(),
    weekdays=(("一", 0), ("二", 1), ("三", 2), ("四", 3), ("五", 4), ("六", 5), ("日", 6),
              ("天", 6)),
    which=(("今年", 0), ("去年", -1), ("明年", 1), ("前年", -2), ("后年", 2), ("本年", 0),
           ("上上", -2), ("上", -1), ("下下", 2), ("下", 1), ("本", 0), ("这", 0)),
    days=(("大前天", -3), ("前天", -2), ("昨", -1), ("今", 0), ("明", 1), ("后天", 2)),
    units=(("天", "day"), ("日", "day"), ("周", "week"), ("星期", "week"), ("个星期", "week"),
           ("礼拜", "week"), ("个礼拜", "week"), ("个月", "month"), ("月", "month"),
           ("年", "year")),
    parts=(("上半", "H1"), ("下半", "H2"), ("初", "H1"), ("底", "H2"), ("末", "H2")),
    number=_number,
    normalise=_normalise,
    future=ZH_FUTURE,
    past=ZH_PAST,
    clause=ZH_CLAUSE,
    calendar_weeks=True,
)  # fmt: skip
