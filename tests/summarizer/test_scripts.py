"""Text in Russian, Ukrainian, Arabic and Chinese is split and stemmed by its own script's
rules, and English exactly as before."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.cluster import StoryItem, similarity_matrix
from summarizer.rank import stem_sentences, stop_words, summarize
from summarizer.scripts import rules_for
from summarizer.sentences import split_sentences, split_words


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("North Korea fired two missiles on Thursday.", "en"),
        ("КНДР в четверг запустила две ракеты.", "ru"),
        ("КНДР у четвер запустила дві ракети, повідомили військові.", "uk"),
        ("أطلق الحوثيون صاروخا باليستيا يوم الخميس.", "ar"),
        ("朝鲜周四发射了两枚弹道导弹。", "zh"),
        ("北朝鮮は木曜日にミサイルを発射した。", "ja"),
        ("1234 — 5678", "en"),
        ("Officials in Kyiv quoted the Russian daily «Известия» at length.", "en"),
    ],
)
def test_the_script_picks_the_rules(text, rules):
    assert rules_for(text) == rules


def test_chinese_splits_at_its_own_marks_keeping_closing_quotes():
    text = "朝鲜周四发射了两枚弹道导弹。韩国联合参谋本部表示：“导弹飞行了约600公里。”日本也证实了！"
    assert split_sentences(text) == [
        "朝鲜周四发射了两枚弹道导弹。",
        "韩国联合参谋本部表示：“导弹飞行了约600公里。”",
        "日本也证实了！",
    ]


def test_arabic_splits_at_its_question_mark_and_full_stops():
    text = "أطلق الحوثيون صاروخا يوم الخميس. هل أصاب الهدف؟ قال المتحدث إن الصاروخ سقط في البحر."
    assert len(split_sentences(text)) == 3
    assert split_sentences(text)[1] == "هل أصاب الهدف؟"


def test_cyrillic_initials_and_abbreviations_do_not_end_a_sentence():
    text = (
        "По словам ген. Иванова, ракета пролетела 600 км. Об этом сообщил В. Путин. "
        "Митинг прошёл на ул. Ленина. Сирены звучали «всю ночь». Утром всё стихло."
    )
    assert split_sentences(text) == [
        "По словам ген. Иванова, ракета пролетела 600 км.",
        "Об этом сообщил В. Путин.",
        "Митинг прошёл на ул. Ленина.",
        "Сирены звучали «всю ночь».",
        "Утром всё стихло.",
    ]


def test_english_still_goes_to_punkt():
    text = "The U.S. Navy said on Dec. 28 that it had intercepted 12 drones. Nobody was hurt."
    assert split_sentences(text) == [
        "The U.S. Navy said on Dec. 28 that it had intercepted 12 drones.",
        "Nobody was hurt.",
    ]


def test_a_han_run_gives_its_character_pairs():
    assert split_words("朝鲜发射导弹 and Су-34") == [
        "朝鲜",
        "鲜发",
        "发射",
        "射导",
        "导弹",
        "and",
        "Су-34",
    ]
    assert split_words("弹") == ["弹"]


def test_inflected_forms_share_a_stem_in_each_language():
    [russian] = stem_sentences(["ракета ракеты ракетой"])
    [ukrainian] = stem_sentences(["ракетою ракети"])
    [arabic] = stem_sentences(["الحوثيون للحوثيين والحوثيين"])
    assert len(set(russian)) == 1
    assert len(set(ukrainian)) == 1
    assert len(set(arabic)) == 1


def test_stop_words_cover_every_language_and_keep_englishs():
    words = stop_words()
    assert {"the", "and", "что", "это", "та", "في", "的"} <= words
    assert "missile" not in words and "ракета" not in words


def test_a_russian_summary_is_made_of_its_own_sentences():
    text = (
        "В четверг КНДР запустила две баллистические ракеты малой дальности в сторону Японского "
        "моря, сообщил Объединённый комитет начальников штабов Южной Кореи. Ракеты пролетели "
        "около 600 км.\n\nПо данным японского министерства обороны, ракеты упали за пределами "
        "исключительной экономической зоны Японии. Токио заявил протест Пхеньяну.\n\n"
        "Это уже пятый пуск с начала года. Эксперты считают, что Пхеньян испытывает новые ракеты."
    )
    sentences = split_sentences(text)
    for method in ("briefing", "lexrank", "textrank"):
        summary = summarize(text, sentences=2, method=method).sentences
        assert 1 <= len(summary) <= 2
        assert set(summary) <= set(sentences)


def test_two_chinese_reports_of_one_launch_are_nearer_than_an_unrelated_one():
    launch_a = StoryItem(
        "a", "朝鲜发射弹道导弹", "朝鲜周四向东部海域发射了两枚短程弹道导弹，韩国军方表示。"
    )
    launch_b = StoryItem(
        "b", "朝鲜试射两枚弹道导弹", "韩国联合参谋本部称，朝鲜周四发射两枚短程弹道导弹。"
    )
    other = StoryItem("c", "台湾举行年度军演", "台湾周四开始举行为期五天的年度汉光军事演习。")
    matrix = similarity_matrix([launch_a, launch_b, other])
    assert matrix[0][1] > 2 * max(matrix[0][2], matrix[1][2])


@given(st.text(alphabet=st.sampled_from("。！？.؟…«» \nКНДРракетаі朝鲜导弹الحوثيونg.12")))
def test_any_text_in_these_scripts_splits_without_losing_words(text):
    words = [w for s in split_sentences(text) for w in split_words(s)]
    assert words == [w for line in text.split("\n") for w in split_words(line)]
