"""Archive search in Russian, Ukrainian, Arabic and Chinese on SQLite and PostgreSQL: a word
finds its inflected and cliticised forms, phrases, prefixes, exclusions, OR and filters
work, snippets mark the forms found, and English search is as it was."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text

from storage import Database, NewArticle, StoredFact, add_article, replace_facts, upgrade
from storage.backup import export_records, import_records
from storage.models import Article
from storage.query import parse_query
from storage.search import HIGHLIGHT_END, HIGHLIGHT_START, daily_counts, matching_days, search
from storage.search_syntax import fts_expression
from storage.terms import MAX_TERMS
from tests.storage.migrating import migrate

TODAY = date(2026, 11, 27)

ARTICLES = [
    # key, language, title, text, published, source, actors
    ("ru-belgorod", "ru", "Ракеты упали в пригороде Белгорода",
     "В понедельник две ракеты упали в пригороде Белгорода, сообщил губернатор области. "
     "По его словам, одной ракетой была повреждена линия электропередачи, пострадавших нет. "
     "Силы противовоздушной обороны сбили ещё несколько беспилотников над регионом.",
     date(2026, 11, 23), "ТАСС", ["Russia"]),
    ("ru-systems", "ru", "Минобороны сообщило о новых поставках",
     "Министерство обороны заявило о поставках новых зенитных ракетных комплексов в войска. "
     "Ракетные комплексы развернут на западной границе до конца года.",
     date(2026, 10, 2), "Интерфакс", ["Russia"]),
    ("ru-talks", "ru", "Переговоры в Стамбуле продолжатся",
     "Делегации провели третий раунд переговоров в Стамбуле. Стороны обсудили обмен "
     "пленными и гуманитарные коридоры, сообщил источник.",
     date(2026, 11, 10), "Интерфакс", ["Turkey"]),
    ("uk-odesa", "uk", "Ракетний удар по Одесі",
     "У ніч на вівторок російська ракета влучила в портову інфраструктуру Одеси. Ще однією "
     "ракетою було пошкоджено зерновий термінал, повідомили в Повітряних силах. Сили "
     "протиповітряної оборони збили над морем два безпілотники.",
     date(2026, 11, 24), "Укрінформ", ["Ukraine"]),
    ("uk-exchange", "uk", "Україна і Росія обмінялися полоненими",
     "Україна та Росія провели новий обмін полоненими після кількох раундів переговорів. "
     "Додому повернулися сто двадцять захисників, повідомив Координаційний штаб.",
     date(2026, 11, 12), "Укрінформ", ["Ukraine", "Russia"]),
    ("ar-destroyer", "ar", "مدمرة أمريكية تسقط مسيرات فوق البحر الأحمر",
     "قال مسؤول أمريكي إن مدمرة تابعة للبحرية أسقطت طائرات مسيرة أطلقت من مناطق خاضعة "
     "للحوثيين فوق البحر الأحمر. وتبنى الحوثيون الهجوم لاحقا، وهددوا بمواصلة استهداف "
     "السفن المرتبطة بإسرائيل.",
     date(2026, 11, 25), "الجزيرة", ["Houthis", "United States"]),
    ("ar-talks", "ar", "جولة مفاوضات جديدة في مسقط",
     "استضافت مسقط جولة جديدة من المفاوضات بين الحكومة اليمنية والحوثيين برعاية الأمم "
     "المتحدة. وقال الوفد الحكومي والحوثيون إن المحادثات كانت إيجابية.",
     date(2026, 11, 18), "الشرق الأوسط", ["Houthis", "Yemen"]),
    ("ar-quake", "ar", "زلزال يضرب شمال المغرب",
     "ضرب زلزال بقوة خمس درجات شمال المغرب فجر الجمعة، ولم ترد تقارير عن إصابات، بحسب "
     "المعهد الوطني للجيوفيزياء.",
     date(2026, 11, 20), "الجزيرة", ["Morocco"]),
    ("zh-launch", "zh", "朝鲜进行弹道导弹试射",
     "韩国联合参谋本部称，朝鲜周一上午进行了弹道导弹试射。日本防卫省表示，导弹落入日本海，"
     "未造成损失。",
     date(2026, 11, 23), "新华社", ["North Korea", "Japan"]),
    ("zh-talks", "zh", "乌克兰与俄罗斯举行新一轮谈判",
     "乌克兰和俄罗斯代表团在伊斯坦布尔举行了新一轮谈判，双方讨论了交换战俘问题。",
     date(2026, 11, 11), "新华社", ["Ukraine", "Russia"]),
    ("zh-typhoon", "zh", "台风逼近华南沿海",
     "气象部门发布台风红色预警，预计台风将于周三在广东沿海登陆。",
     date(2026, 11, 19), "中新网", []),
    ("zh-jets", "zh", "解放军战机飞越海峡中线",
     "台湾防务部门称，歼-20战机与轰-6K轰炸机在海峡周边活动，台军出动F-16战斗机监控。",
     date(2026, 11, 21), "联合早报", ["Taiwan"]),
    ("en-missile", "en", "North Korea fires missile",
     "Pyongyang fired a ballistic missile into the sea on Monday, officials in Seoul said.",
     date(2026, 11, 23), "Wire", ["North Korea"]),
]  # fmt: skip


def fill(db: Database) -> dict[str, int]:
    ids = {}
    for key, language, title, body, published, source, actors in ARTICLES:
        new = NewArticle(title=title, text=body, published_on=published, source=source,
                         language=language)  # fmt: skip
        with db.transaction() as session:
            added = add_article(session, new)
            replace_facts(session, added.id, [StoredFact("actor", a, "state") for a in actors])
        ids[key] = added.id
    return ids


@pytest.fixture
def archive(db):
    return fill(db)


def found(db, query, **options):
    """The keys of the articles the query finds (all of them: a page of 50)."""
    with db.read() as session:
        page = search(session, parse_query(query), today=TODAY, limit=50, **options)
    keys = {row[2]: row[0] for row in ARTICLES}
    assert page.total == len(page.hits)
    return {keys[hit.title] for hit in page.hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Russian: other cases of the word find it, an adjective of the same root does not.
        ("ракета", {"ru-belgorod", "uk-odesa"}),
        ("ракетой", {"ru-belgorod", "uk-odesa"}),
        ("ракетами", {"ru-belgorod", "uk-odesa"}),
        ("беспилотник", {"ru-belgorod"}),
        ("переговоры", {"ru-talks", "uk-exchange"}),  # one stem in both languages
        ("стамбул", {"ru-talks"}),
        # Ukrainian (the query's stem in both languages: "переговори" finds both archives).
        ("ракети", {"ru-belgorod", "uk-odesa"}),
        ("ракетою", {"ru-belgorod", "uk-odesa"}),
        ("термінал", {"uk-odesa"}),
        ("безпілотник", {"uk-odesa"}),
        ("переговори", {"uk-exchange", "ru-talks"}),
        ("полонені", {"uk-exchange"}),
        # Arabic: the word with and without its clitics and plural endings.
        ("الحوثيين", {"ar-destroyer", "ar-talks"}),
        ("للحوثيين", {"ar-destroyer", "ar-talks"}),
        ("والحوثيون", {"ar-destroyer", "ar-talks"}),
        ("حوثي", {"ar-destroyer", "ar-talks"}),
        ("إسرائيل", {"ar-destroyer"}),
        ("مفاوضات", {"ar-talks"}),
        ("زلزال", {"ar-quake"}),
        # Chinese: a word inside a run of characters, by its bigrams in order.
        ("导弹", {"zh-launch"}),
        ("试射", {"zh-launch"}),
        ("乌克兰", {"zh-talks"}),
        ("台风", {"zh-typhoon"}),
        ("克兰乌", set()),
        ("战俘", {"zh-talks"}),
    ],
)
def test_a_word_finds_its_forms_and_not_unrelated_articles(db, archive, query, expected):
    assert found(db, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Designations written against Chinese characters, which the index's tokenizer
        # reads as one word with them ("20战机").
        ("歼-20", {"zh-jets"}),
        ('"歼-20"', {"zh-jets"}),
        ("轰-6K", {"zh-jets"}),
        ("F-16", {"zh-jets"}),
        ("歼-16", set()),
        # Typed as the article writes them, against the next word.
        ("歼-20战机", {"zh-jets"}),
        ('"歼-20战机"', {"zh-jets"}),
        ("F-16战斗机", {"zh-jets"}),
        ("轰-6K轰炸机", {"zh-jets"}),
        ("歼-16战机", set()),
        # A word typed with its short vowels and shadda is one word, found without them.
        ("مُسَيَّرَات", {"ar-destroyer"}),
        ('"طائرات مسيّرة"', {"ar-destroyer"}),
    ],
)
def test_designations_and_marked_words_are_found(db, archive, query, expected):
    assert found(db, query) == expected


def test_unrelated_words_find_nothing(db, archive):
    for query in ("танк", "танків", "الصين", "طوفان", "飞机", "地震"):
        assert found(db, query) == set(), query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"ракеты упали"', {"ru-belgorod"}),
        ('"ракета упала"', {"ru-belgorod"}),  # the phrase's forms, in order
        ('"упали ракеты"', set()),
        ('"російська ракета"', {"uk-odesa"}),
        ('"ракета російська"', set()),
        ('"البحر الأحمر"', {"ar-destroyer"}),
        ('"الأحمر البحر"', set()),
        ('"弹道导弹"', {"zh-launch"}),
        ('"新一轮 谈判"', {"zh-talks"}),  # written without the space
        ('"导弹 弹道"', set()),
    ],
)
def test_phrases_keep_their_order(db, archive, query, expected):
    assert found(db, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ракетн*", {"ru-systems", "uk-odesa"}),  # ракетных, Ракетний
        ("беспилот*", {"ru-belgorod"}),
        ("зернов*", {"uk-odesa"}),
        ("مسير*", {"ar-destroyer"}),
        ("المفاوض*", {"ar-talks"}),
        ("弹*", {"zh-launch"}),
        ("台*", {"zh-typhoon", "zh-jets"}),  # 台风, 台湾 and 台军
    ],
)
def test_prefixes(db, archive, query, expected):
    assert found(db, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ракета -беспилотник", {"uk-odesa"}),
        ("ракета -термінал", {"ru-belgorod"}),
        ("الحوثيين -مسقط", {"ar-destroyer"}),
        ("الحوثيين -المفاوضات", {"ar-destroyer"}),
        ("导弹 -日本", set()),
        ("导弹 -台风", {"zh-launch"}),
        ("-导弹 -台风 -乌克兰 since:2026-11-01 source:新华社", set()),
        ("pyongyang -导弹", {"en-missile"}),
    ],
)
def test_excluded_words(db, archive, query, expected):
    assert found(db, query) == expected


def test_or_and_mixed_scripts(db, archive):
    assert found(db, "ракета OR 导弹") == {"ru-belgorod", "uk-odesa", "zh-launch"}
    assert found(db, "missile OR 导弹") == {"en-missile", "zh-launch"}
    assert found(db, "زلزال OR 台风 OR стамбул") == {"ar-quake", "zh-typhoon", "ru-talks"}
    assert found(db, "导弹 日本") == {"zh-launch"}


def test_filters_narrow_native_words(db, archive):
    assert found(db, "ракета since:2026-11-24") == {"uk-odesa"}
    assert found(db, "ракета source:ТАСС") == {"ru-belgorod"}
    assert found(db, "ракета source:тасс") == {"ru-belgorod"}  # case, beyond ASCII too
    assert found(db, "الحوثيين until:2026-11-20") == {"ar-talks"}
    assert found(db, 'الحوثيين actor:"United States"') == {"ar-destroyer"}
    assert found(db, "导弹 actor:japan") == {"zh-launch"}
    assert found(db, "谈判 source:新华社 since:2026-11") == {"zh-talks"}
    assert found(db, "ракета source:nobody") == set()


def test_days_and_counts_of_native_words(db, archive):
    query = parse_query("ракета")
    with db.read() as session:
        days = matching_days(session, query, 10, TODAY)
        counts = daily_counts(session, query, TODAY)
    assert [day for _, day in days] == [date(2026, 11, 24), date(2026, 11, 23)]
    assert counts == {date(2026, 11, 24): 1, date(2026, 11, 23): 1}
    with db.read() as session:
        assert daily_counts(session, parse_query("الحوثيين -مسقط"), TODAY) == {
            date(2026, 11, 25): 1
        }
        oldest = matching_days(session, parse_query("乌克兰 OR 导弹"), 1, TODAY, oldest_first=True)
    assert [day for _, day in oldest] == [date(2026, 11, 11)]


@pytest.mark.parametrize(
    ("query", "key", "marked"),
    [
        ("ракета", "ru-belgorod", ["ракеты", "ракетой"]),
        ("ракети", "uk-odesa", ["ракета", "ракетою"]),
        ("безпілотник", "uk-odesa", ["безпілотники"]),
        ("الحوثيين", "ar-destroyer", ["للحوثيين", "الحوثيون"]),
        ("الحوثيين", "ar-talks", ["والحوثيين", "والحوثيون"]),
        ("مسيرة", "ar-destroyer", ["مسيرة"]),
        ("导弹", "zh-launch", ["导弹", "导弹"]),
        ("乌克兰", "zh-talks", ["乌克兰"]),
        ('"ракеты упали"', "ru-belgorod", ["ракеты", "упали", "ракетой"]),  # words, as English
        ("ракета pyongyang", None, []),
    ],
)
def test_snippets_mark_the_forms_found(db, archive, query, key, marked):
    with db.read() as session:
        hits = search(session, parse_query(query), today=TODAY).hits
    if key is None:  # a query nothing matches: no hit, so nothing to mark
        assert hits == []
        return
    snippets = [hit.snippet for hit in hits if hit.id == archive[key]]
    assert len(snippets) == 1
    for snippet in snippets:
        marks = snippet.split(HIGHLIGHT_START)[1:]
        assert [mark.split(HIGHLIGHT_END)[0] for mark in marks] == marked


def test_english_articles_store_no_terms_and_english_words_read_the_text_columns(db, archive):
    with db.read() as session:
        english = archive["en-missile"]
        terms = session.scalar(select(Article.search_terms).where(Article.id == english))
        assert terms is None
        if db.backend == "sqlite":
            query = parse_query('missile "ballistic missile" -kim')
            expression = fts_expression(session, query, TODAY)
            assert expression == (
                '({title text search_terms} : ("missile" AND "ballistic missile")) '
                'NOT {title text search_terms} : ("kim")'
            )
    assert found(db, "missile") == {"en-missile"}
    assert found(db, "missiles") == {"en-missile"}  # porter / english stemming, as before


def test_an_imported_backup_finds_native_words(db, tmp_path):
    source = Database.connect(f"sqlite:///{tmp_path / 'source.db'}")
    upgrade(source)
    fill(source)
    lines = [json.dumps(row) for row in export_records(source, now=datetime.now(UTC))]
    source.dispose()
    report = import_records(db, enumerate(lines, start=1))
    assert report.complete
    assert found(db, "ракетой") == {"ru-belgorod", "uk-odesa"}
    assert found(db, "والحوثيون") == {"ar-destroyer", "ar-talks"}
    assert found(db, "导弹") == {"zh-launch"}
    with db.read() as session:
        stored = session.scalars(select(Article.search_terms).where(Article.language == "uk"))
        assert all(stored)


def test_existing_articles_get_their_terms_when_migrating_up_and_lose_them_down(database_url):
    """0008 fills search_terms for the archive it finds and indexes them; going back to 0007
    leaves the search index it had, English working, and upgrading again restores the rest."""
    db = Database.connect(database_url)
    migrate(db, "upgrade", "0007")
    with db.engine.begin() as connection:
        for number, (_, language, title, body, published, _, _) in enumerate(ARTICLES, 1):
            connection.execute(
                text("INSERT INTO articles (title, text, language, published_on, ingested_at, "
                     "content_hash, search_meta) VALUES (:title, :text, :language, :day, "
                     "CURRENT_TIMESTAMP, :hash, :meta)"),
                {"title": title, "text": body, "language": language, "day": published,
                 "hash": f"h{number}", "meta": f"y{published.year}"},
            )  # fmt: skip

    def english_matches():
        sql = (
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'missile'"
            if db.backend == "sqlite"
            else "SELECT count(*) FROM articles "
            "WHERE search_vector @@ to_tsquery('english', 'missile')"
        )
        with db.engine.connect() as connection:
            return connection.execute(text(sql)).scalar()

    assert english_matches() == 1
    migrate(db, "upgrade", "head")
    assert found(db, "ракетой") == {"ru-belgorod", "uk-odesa"}
    assert found(db, "乌克兰") == {"zh-talks"}
    assert found(db, "missile") == {"en-missile"}
    with db.engine.connect() as connection:
        rows = dict(connection.execute(text("SELECT language, search_terms FROM articles")).all())
    assert rows["en"] is None and rows["zh"] and rows["ar"]

    migrate(db, "downgrade", "0007")
    columns = {c["name"] for c in inspect(db.engine).get_columns("articles")}
    assert "search_terms" not in columns
    assert english_matches() == 1
    migrate(db, "upgrade", "head")
    assert found(db, "للحوثيين") == {"ar-destroyer", "ar-talks"}
    with db.transaction() as session:  # and the triggers index new articles again
        add_article(session, NewArticle(title="Новые ракеты", text="Ракетами ударили по складу.",
                                        language="ru"))  # fmt: skip
    with db.read() as session:
        assert search(session, parse_query("ракетами"), today=TODAY).total == 3
    db.dispose()


def test_terms_stemmed_the_old_way_are_made_again_when_migrating_to_0009(database_url):
    """Rows whose search_terms an older stemmer made ("юрі" for "Юрієві") get the terms a
    query makes now, and are found by every case of the name; English rows stay NULL."""
    db = Database.connect(database_url)
    migrate(db, "upgrade", "0008")
    with db.engine.begin() as connection:
        for number, (language, title, body, terms) in enumerate(
            [
                ("uk", "Зустріч", "Міністр подякував Юрієві Ігнатові за роботу.", "зустріч юрі"),
                ("en", "Talks", "Ministers met.", None),
            ],
            1,
        ):
            connection.execute(
                text("INSERT INTO articles (title, text, language, published_on, ingested_at, "
                     "content_hash, search_meta, search_terms) VALUES (:title, :text, :language, "
                     ":day, CURRENT_TIMESTAMP, :hash, 'y2026', :terms)"),
                {"title": title, "text": body, "language": language, "day": TODAY,
                 "hash": f"h{number}", "terms": terms},
            )  # fmt: skip
    migrate(db, "upgrade", "head")
    with db.read() as session:
        for query in ("Юрій Ігнат", "Юрієм Ігнатом", "Юрія"):
            assert search(session, parse_query(query), today=TODAY).total == 1, query
        stored = dict(session.execute(select(Article.language, Article.search_terms)).all())
    assert stored["en"] is None and "юр" in stored["uk"].split()
    db.dispose()


NATIVE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["ракета", "ракетою", "الحوثيين", "للحوثيين", "导弹", "乌克兰", "弹",
                         "OR", "-", '"', "*", "(", ")", ":", "since:2026-11", "source:ТАСС",
                         "actor:", "NEAR(", "^", "ʼ", "'", "\u0301", "\u064e", "ـ", " "]),
        st.text(st.characters(min_codepoint=0x400, max_codepoint=0x52F), max_size=8),
        st.text(st.characters(min_codepoint=0x600, max_codepoint=0x6FF), max_size=8),
        st.text(st.characters(min_codepoint=0x3000, max_codepoint=0x30FF), max_size=8),
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8),
        st.text(st.characters(min_codepoint=0x20000, max_codepoint=0x3134F), max_size=3),
    ),
    max_size=12,
).map(" ".join)  # fmt: skip


@pytest.fixture
def sqlite_archive(sqlite_url):
    database = Database.connect(sqlite_url)
    upgrade(database)
    fill(database)
    yield database
    database.dispose()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NATIVE_TEXT, st.integers(0, 30))
def test_any_query_in_these_scripts_is_an_answer_on_sqlite(sqlite_archive, query, offset):
    """Any Cyrillic, Arabic, kana or Han text, with operators among it: results or an empty
    page, never an error; counts per day agree with the total."""
    with sqlite_archive.read() as session:
        parsed = parse_query(query)
        page = search(session, parsed, today=TODAY, offset=offset)
        assert 0 <= len(page.hits) <= page.total
        if parsed.has_terms:
            assert sum(daily_counts(session, parsed, TODAY).values()) == page.total


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NATIVE_TEXT)
def test_any_query_in_these_scripts_is_an_answer(db, archive, query):
    """The same on both engines (PostgreSQL's tsquery included), fewer examples."""
    with db.read() as session:
        page = search(session, parse_query(query), today=TODAY)
    assert 0 <= len(page.hits) <= page.total


def test_a_very_long_chinese_article_is_stored_and_its_words_found(db):
    # 200,000 characters of varied Chinese make character pairs past PostgreSQL's 1 MB
    # tsvector limit: the stored terms stop at storage.terms.MAX_TERMS instead.
    state, letters = 1, []
    for _ in range(200_000):  # a fixed pseudo-random sequence: nearly every pair new
        state = (state * 1_103_515_245 + 12_345) % 2**31
        letters.append(chr(0x4E00 + (state >> 8) % 20_000))
    varied = "".join(letters)
    with db.transaction() as session:
        added = add_article(session, NewArticle(title="长文", text="导弹试射。" + varied,
                                                language="zh", published_on=TODAY))  # fmt: skip
    with db.read() as session:
        stored = session.scalar(select(Article.search_terms).where(Article.id == added.id))
        page = search(session, parse_query("导弹试射"), today=TODAY)
    assert stored is not None and len(stored.split()) <= MAX_TERMS
    assert [hit.id for hit in page.hits] == [added.id]
