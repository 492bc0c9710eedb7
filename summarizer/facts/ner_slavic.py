"""People named in Russian text, for those outside the native gazetteer.

slovnet's news NER model with its navec embeddings, as the natasha wheel ships them (installed
pinned by hash, without natasha's own dependencies: scripts/setup), finds the names; pymorphy3's
Russian dictionary puts a Russian name in the nominative ("Александра Михеева" -> "Александр
Михеев"). Both load once (`load_slavic_people`, about a second); nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Protocol

from summarizer.facts.ner import NerUnavailable

__all__ = ["PeopleRecognizer", "SlovnetPeople", "load_slavic_people"]

_EMBEDDINGS = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
_MODEL = "data/model/slovnet_ner_news_v1.tar"
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


class PeopleRecognizer(Protocol):
    def people(self, text: str, language: str) -> list[tuple[str, str]]:
        """Each person's name as written and in the nominative, in order."""
        ...


class SlovnetPeople:
    def __init__(self, ner: Any, morph: Any) -> None:
        self._ner = ner
        self._morph = morph

    def people(self, text: str, language: str) -> list[tuple[str, str]]:
        if not any(char.isalpha() for char in text):
            return []  # the model's tokenizer fails on text without words
        found = []
        for span in self._ner(text).spans:
            if span.type == "PER":
                written = text[span.start : span.stop]
                if language == "ru":
                    found.append((written, self._nominative(written)))
                else:
                    found.append((written, _ukrainian_nominative(written)))
        return found

    def _nominative(self, name: str) -> str:
        """Each word of the name in the nominative, in the first name's gender ("Ольга
        Петрова" stays Петрова, not Петров)."""
        words = []
        gender = None
        for word in name.split():
            parses = [p for p in self._morph.parse(word) if _NAME_TAGS & p.tag.grammemes]
            agreeing = [p for p in parses if gender is None or gender in p.tag]
            parse = (agreeing or parses or [None])[0]
            if parse is None:
                words.append(word)
                continue
            gender = gender or ("femn" if "femn" in parse.tag else "masc")
            inflected = None if "nomn" in parse.tag else parse.inflect({"nomn"})
            nominative = word if inflected is None else inflected.word.capitalize()
            if "ё" not in word.lower():
                nominative = nominative.replace("ё", "е")  # "Федорова" is Fedorov, as written
            words.append(nominative)
        return " ".join(words)


def _ukrainian_nominative(name: str) -> str:
    """A Ukrainian name as it stands when it is in the nominative, else its surname alone
    (which joins the full name it ends): no dictionary here declines Ukrainian names (the one
    packaged is GPL), but a common first name as written is a nominative one ("Андрій Юсов";
    "Андрія Юсова" is not)."""
    words = name.split()
    if (
        len(words) >= 2
        and words[0] in UKRAINIAN_FIRST_NAMES
        and all(w[:1].isupper() for w in words)
    ):
        return name
    return words[-1] if words else name


# Common Ukrainian first names in the nominative (men's and women's).
UKRAINIAN_FIRST_NAMES = frozenset(
    "Олександр Андрій Сергій Володимир Дмитро Юрій Олексій Віталій Михайло Ігор Олег Денис "
    "Владислав Павло Віктор Василь Петро Іван Микола Богдан Тарас Роман Максим Артем Антон "
    "Валерій Вадим Євген Ярослав Анатолій Геннадій Григорій Леонід Костянтин Руслан Станіслав "
    "Степан Федір Ілля Кирило Назар Остап Орест Святослав Веніамін Валентин В'ячеслав Борис "
    "Данило Єгор Тимур Едуард Аркадій Георгій Зеновій Любомир Мирослав Всеволод Арсен Арсеній "
    "Філіп Марк Олесь Семен Лев Ростислав Гліб Нестор "
    # Women's names that are not also a man's name in the genitive ("Олександра",
    # "Валерія", "Ярослава", "Валентина", "Євгенія" are left out).
    "Юлія Олена Ірина Наталія Наталя Ольга Тетяна Людмила Марія Ганна Анна Катерина Світлана "
    "Оксана Вікторія Галина Лариса Надія Віра Любов Софія Дарина Анастасія Тамара Христина "
    "Мар'яна Інна Алла Яна Зоряна Леся Лілія Уляна Майя Віталіна Вероніка Діана Карина "
    "Єлизавета Стефанія".split()
)


def load_slavic_people() -> SlovnetPeople:
    """The recogniser; NerUnavailable when its packages or model files are not installed."""
    spec = importlib.util.find_spec("natasha")  # finds the wheel's files without importing it
    if spec is None or not spec.submodule_search_locations:
        raise NerUnavailable("the natasha wheel (slovnet's Russian NER model) is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    try:
        import pymorphy3  # type: ignore[import-untyped]  # noqa: PLC0415 - heavy, loaded here
        from navec import Navec  # type: ignore[import-untyped]  # noqa: PLC0415
        from slovnet import NER  # type: ignore[import-untyped]  # noqa: PLC0415

        ner = NER.load(str(root / _MODEL))
        ner.navec(Navec.load(str(root / _EMBEDDINGS)))
        morph = pymorphy3.MorphAnalyzer(lang="ru")
    except (ImportError, OSError, ValueError) as exc:
        raise NerUnavailable(f"Russian NER cannot load: {exc}") from exc
    return SlovnetPeople(ner, morph)
