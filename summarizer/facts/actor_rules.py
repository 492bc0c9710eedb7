"""The word lists and patterns actor finding judges spans by.

Kept apart from the code that applies them, so the vocabulary (titles, bodies every state has,
the words that make a capital a venue or a demonym a nationality) is read and edited in one place.
"""

from __future__ import annotations

import re

_ABBREVIATED_TITLES = (
    "Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Sen|Rep|Gov|Rev|St|Cpl|Pvt|Spc|Pfc|Det|Insp"
    "|Supt|Cmdr|Cdr"
)
_TITLES = (
    rf"(?:{_ABBREVIATED_TITLES})\.?"
    r"|President|Vice President|Prime Minister|Deputy Prime Minister|Foreign Minister"
    r"|Defen[cs]e Minister|Defen[cs]e Secretary|Secretary of State|Secretary|Minister"
    r"|Chancellor|Premier|King|Queen|Prince|Princess|Crown Prince|Sheikh|Emir|Ayatollah"
    r"|Supreme Leader|Leader|leader|General|Admiral|Colonel|Commander|Senator|Governor|Mayor"
    r"|Ambassador|Envoy|Spokesman|Spokeswoman|spokesman|spokeswoman|spokesperson|Chief"
    r"|Director|Chairman|Chairwoman|Speaker|Judge|Justice|Representative|Lieutenant|Captain"
    r"|Major|Sergeant|Marshal|Field Marshal|Brig|Brigadier|Commissioner|Detective|Inspector"
    r"|Superintendent|Sheriff|Deputy|Trooper|Officer|Miss|Sir|Dame|Lord|Rabbi|Imam"
    r"|Cardinal|Bishop|Archbishop|Rear Admiral|Vice Admiral|Attorney General|Prosecutor"
)
# A name's leading ranks, with the service before them ("Navy Rear Adm.", "Union Maj. Gen.").
_RANKS_BEFORE_NAME = re.compile(
    rf"^(?:(?:Army|Navy|Marine|Air Force|Coast Guard|Police|police|Union|Confederate|Rear|Vice"
    rf"|Staff|Master|First|Petty|Warrant|Lance)\s+)*"
    rf"(?:(?:{_TITLES})\s+)+"
)
# A span ending in an abbreviated rank ("State College Police Lt.", "Air Force Col.") is the
# front of a title the recogniser cut off before the name.
_ENDS_IN_RANK = re.compile(rf"(?:^|\s)(?:{_ABBREVIATED_TITLES})$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_PREFIXES = ("Pope ",)
_TITLE_WORDS = frozenset(re.findall(r"[A-Z][a-z]+", _TITLES)) | {"The", "A", "An"}
_TITLE_BEFORE = re.compile(rf"(?:{_TITLES})\s+$")
_TITLED_NAME = re.compile(
    rf"\b(?:{_TITLES})\s+(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w'’-]+){{0,3}})"
)
_TRAILING = re.compile(r"(?:'s|’s|')$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_GENERIC_ORG_WORDS = frozenset(
    "the army military government ministry police state media officials forces navy air force "
    "parliament cabinet court agency council party".split()
)
_MAX_NAME_WORDS = 6
# Bodies every state has: named with their owner ("Ministry of Defence (Japan)"), never merged
# across owners. Each form maps to the standard name, or keeps a body's own full name.
_BODIES = {
    **dict.fromkeys(
        (
            "Defense Ministry",
            "Defence Ministry",
            "Ministry of Defense",
            "Ministry of Defence",
            "defense ministry",
            "defence ministry",
        ),
        "Ministry of Defence",
    ),
    **dict.fromkeys(
        (
            "Ministry of National Defense",
            "Ministry of National Defence",
            "National Defense Ministry",
        ),
        "Ministry of National Defense",
    ),
    **dict.fromkeys(
        (
            "Foreign Ministry",
            "Ministry of Foreign Affairs",
            "foreign ministry",
            "Foreign Affairs Ministry",
        ),
        "Ministry of Foreign Affairs",
    ),
    **dict.fromkeys(
        (
            "Interior Ministry",
            "Ministry of Interior",
            "Ministry of the Interior",
            "interior ministry",
        ),
        "Ministry of the Interior",
    ),
    **dict.fromkeys(("Justice Ministry", "Ministry of Justice"), "Ministry of Justice"),
    **dict.fromkeys(("Finance Ministry", "Ministry of Finance"), "Ministry of Finance"),
    **dict.fromkeys(("Health Ministry", "Ministry of Health"), "Ministry of Health"),
    **{
        b: b
        for b in (
            "Navy",
            "Army",
            "Air Force",
            "Coast Guard",
            "Joint Chiefs of Staff",
            "Parliament",
            "Senate",
            "House of Representatives",
            "Chamber of Deputies",
            "Supreme Court",
            "Police",
            "Marine Corps",
            "Space Force",
            "National Guard",
        )
    },
    "Marines": "Marine Corps",
    "navy": "Navy",
    "army": "Army",
    "air force": "Air Force",
    "coast guard": "Coast Guard",
}
# A capital after these words, or before these nouns, is where something happens.
_VENUE_BEFORE = frozenset(
    "in at near outside to from into around via across visiting visit visited visits".split()
)
_VENUE_AFTER = frozenset(
    "summit talks conference meeting meetings airport embassy office process format forum "
    "correspondent bureau declaration accord agreement protocol marathon convention treaty "
    "accords communique communiqué".split()
)
# A demonym before these nouns, or standing for a person ("a Filipino"), is a nationality.
_PRIVATE_NOUNS = frozenset(
    "crew crewman crewmen sailor sailors seafarer seafarers national nationals citizen "
    "citizens tourist tourists man woman men women boy girl boys girls journalist journalists "
    "worker workers student students family families resident residents hostage hostages "
    "fisherman fishermen passenger passengers child children couple businessman doctor "
    "aid volunteer volunteers engineer engineers descent origin-born people public taxpayer "
    "taxpayers academic academics scholar scholars author writer artist teenager teen teens "
    "voters consumers drivers driver owner owners billionaire documentarian filmmaker "
    "photographer".split()
)
# A state's name before these is part of a place's or an event's name.
_PLACE_NOUNS = frozenset(
    "Canal Strait Straits Sea Gulf Peninsula Airport Desert River Basin Valley Mountains Island "
    "Islands Coast War Wars Crisis Revolution Airlines Airways Veterans".split()
)
# A name before these is an exercise, an operation or an event, not a body.
_DESCRIBED = re.compile(r"(?:\s+(?!al-|el-|bin\b|ibn\b|de\b|da\b|van\b|von\b)[a-z][\w'-]*)+$")
_EVENT_AFTER = re.compile(
    r"\s+(?:exercises?|drills?|operation|campaign|offensive|summit|talks|festival|award|"
    r"games|war|crisis|plan|initiative|doctrine|formula)\b"
)
# Words before a demonym that make it a language ("speaking French").
_LANGUAGE_BEFORE = frozenset("speaking speaks spoke spoken fluent".split())
_COUNT_WORDS = frozenset(
    "a an one two three four five six seven eight nine ten many most some ordinary fellow".split()
)
_NOUN_END = frozenset({",", ".", ";", ":", "and", "or", "who", "were", "was", "is", "are", ")"})
# Organisation-like spans that are documents, sites, events or products.
_NOT_BODIES = re.compile(
    r"\b(?:Treaty|Agreement|Accords?|Convention|Protocol|Reactor|Plant|Facility|Airport|"
    r"Air Base|Base|Port|Summit|Conference|Games|Cup|Olympics|Declaration|Charter|Doctrine|"
    r"Resolution|Act|Memorandum|Ceasefire|Truce|Deal|Plan|Corridor|Pipeline|Bridge|Dam|"
    r"Mine|Field|Zone|Line|Station|Complex|Site|Program|Programme|Museum|Hotel|Stadium|"
    r"Mosque|Cathedral|Church|Square|Terminus|Terminal|War|Day|Revolution|Crisis)$"
    r"|^(?:Operation|Exercise|Resolution)\b"
)
_ORG_WORDS = frozenset(
    "Carriers Shipping Group Company Co Corp Corporation Inc Ltd LLC Bank Airlines Airways "
    "Holdings Industries Systems Technologies Logistics Media News Agency Institute University "
    "Council Committee Party Front Movement Brigade Battalion Regiment Division Corps Army "
    "Forces Guard Foundation Association Union Network Services Solutions Partners Energy "
    "Petroleum Oil Gas Aerospace Dynamics Defence Defense Ministry Department Office".split()
)
_ORG_BEFORE = re.compile(
    r"\b(?:agency|newspaper|broadcaster|channel|group|company|firm|station|daily|outlet|"
    r"militia|movement|party|network|operator|manufacturer|maker|contractor|shipowner)\s+$"
)
_SHIP_WORDS = frozenset(
    "ship vessel tanker carrier freighter ferry boat trawler cargo bulk container merchant "
    "ship's vessel's tanker's".split()
)
_CREDITED = r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,3}"
_BYLINE = re.compile(
    r"(?:^|\n)\s*By\s+(?P<name>[A-Z][^\n,]{2,60})\s*(?:\n|,|$)"
    r"|(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Ee]dited|[Ww]ritten) by "
    r"(?P<credit>[A-Z][^;.\n]{2,80})"
    r"|(?P<contributor>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}) contributed (?:to|from|reporting)"
)
# End credits, read in a story's last lines only: "Aaron Cooper reported from Boston.
# Catherine E. Shoichet and Ralph Ellis wrote the story in Atlanta." (a story's subject may
# write "from prison" in its body: "Navalny wrote from prison that ...").
_END_CREDITS = re.compile(
    rf"(?:^|(?<=[.!?\n]))\s*(?P<reporters>{_CREDITED}(?:(?:,\s+|,?\s+and\s+){_CREDITED}){{0,4}})"
    r"\s+(?:(?:reported(?: and wrote)?|wrote) from\b|wrote (?:the|this) (?:story|report)\b"
    r"|contributed to this (?:story|report)\b)"
)
_END_CREDITS_TAIL = 600  # characters
_ABBREVIATED = re.compile(
    r"(?P<full>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the|de|du|al)\s+)*){1,8}[A-Z][\w'’-]*)"
    r"\s+\((?P<short>[A-Z][A-Za-z&-]{1,9})\)"
)
_ALSO_KNOWN = re.compile(
    r"(?:also known as|known as|a\.k\.a\.|aka|under the nom de guerre)\s+"
    r"(?P<alias>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})"
)
# Places whose names contain an actor's name: matched as places, so they count for nobody.
_PLACES = (
    "South China Sea",
    "East China Sea",
    "Taiwan Strait",
    "Indian Ocean",
    "Philippine Sea",
    "Sea of Japan",
    "Latin America",
    "Latin American",
    "Gulf of Mexico",
    "New Mexico",
    "Korean Peninsula",
    "Party Congress",
    "Russian Far East",
    "Arabian Peninsula",
    "Arabian Sea",
    "Sea of Okhotsk",
    "Turkish Straits",
    "Israeli-occupied",
    *(
        f"{n} Congress"
        for n in (
            "First",
            "Second",
            "Third",
            "Fourth",
            "Fifth",
            "Sixth",
            "Seventh",
            "Eighth",
            "Ninth",
            "Tenth",
            "Party",
            "National",
        )
    ),
)
_DETERMINERS = frozenset("the its their his her our whose".split())
_PLACE_BEFORE = frozenset(
    "in at near from to outside off into across around toward towards via".split()
)
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_NAME_WORD = re.compile(r"\s+([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)\b")
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)\s+$")

# Army units and formations, by their numbered names ("3rd Battalion, 321st Field Artillery
# Regiment", "1-244th Assault Helicopter Battalion", "82nd Airborne Division") or a region's
# ("Western Military District"): organisations, whatever a recogniser made of them.
_UNIT_NOUN = (
    r"(?:Battalion|Regiment|Brigade|Division|Corps|Squadron|Wing|Fleet|Army|Group|Company|"
    r"Flotilla|Task Force|Expeditionary Unit|Special Forces Group|Air Wing)"
)
_ORDINAL = (
    r"(?:\d{1,3}(?:-\d{1,3})?(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|"
    r"Eighth|Ninth|Tenth|Eleventh|Twelfth)"
)
_NOT_UNIT_WORDS = r"(?!(?:Century|Anniversary|Quarter|Annual|Edition|Season|Round)\b)"
_ONE_UNIT = rf"{_ORDINAL}\s+(?:{_NOT_UNIT_WORDS}[A-Z][\w'’-]*\s+){{0,4}}?{_UNIT_NOUN}\b"
_UNIT = re.compile(
    rf"\b(?:{_ONE_UNIT}(?:,\s+{_ONE_UNIT})?"
    rf"|(?:Western|Eastern|Southern|Northern|Central|Leningrad|Moscow)\s+Military\s+District"
    rf"|(?:Center|Centre|West|East|North|South|Dnepr|Dnipro)\s+Group\s+of\s+Forces)"
)
