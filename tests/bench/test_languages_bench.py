"""bench.languages: its labelled sets are what the README says, and its measures measure."""

from __future__ import annotations

import json

import pytest

from bench.languages import LANGUAGES, LANGUAGES_DIR, _inflections, _unigram_f1, load


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_labelled_set_has_dev_and_test_stories_with_their_labels_in_the_text(language):
    lines = (LANGUAGES_DIR / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["split"] for r in rows].count("dev") == {"ar": 36, "ru": 14, "uk": 14}.get(
        language, 6
    )
    assert [r["split"] for r in rows].count("test") == 8
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["language"] == language
        text = f"{row['title']}\n{row['text']}"
        for label in row["dates"]:
            assert label["text"] in text, (row["id"], label)
        assert row["actors"] and all(a["kind"] in {"person", "state", "organisation"}
                                     for a in row["actors"])  # fmt: skip
    assert sum(1 for r in rows if r["english"]) >= 10


def test_load_reads_one_split():
    assert {row["split"] for row in load("ru", "dev")} == {"dev"}
    assert load("xx", "dev") == []


def test_inflections_are_other_cases_of_the_same_words():
    forms = _inflections("Северная Корея", "ru", {})
    assert "Северной Кореи" in forms  # genitive
    assert "Северная Корея" not in forms
    assert _inflections("Х-101", "ru", {}) == []  # designations do not inflect
    assert "للحوثيين" in _inflections("الحوثيون", "ar", {})
    assert _inflections("朝鲜", "zh", {}) == []


def test_unigram_f1_counts_overlap():
    assert _unigram_f1("ракета упала", "ракета упала") == 1.0
    assert _unigram_f1("ракета", "танк") == 0.0
    assert 0 < _unigram_f1("导弹试射", "导弹发射") < 1
