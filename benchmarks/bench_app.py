"""How fast the app's work is: 100 uploaded articles to a map, and one rerun.

    python benchmarks/bench_app.py [--n 100]

Articles are made from the seeds' sentences, shuffled and with other Libyan towns
swapped in, so each is new text (nothing cached). Times: analysing them one by one as
the app does (geo.pipeline.analyse per document), building the layers, and building
the map the page sends (base map + the five layer groups, rendered as st_folium
would). Also times one rerun after a click: filter, groups, render, sources panel.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWNS = [
    "Misrata",
    "Benghazi",
    "Derna",
    "Sabha",
    "Zawiya",
    "Ajdabiya",
    "Gharyan",
    "Tobruk",
    "Bani Walid",
    "Ubari",
    "Zliten",
    "Kufra",
    "Brega",
    "Ras Lanuf",
]


def articles(n: int, *, seed: int = 7) -> list[tuple[str, str]]:
    from geo.sentences import split_sentences

    rng = random.Random(seed)
    sentences = [
        s.text
        for p in sorted((ROOT / "seeds").glob("*.txt"))
        for s in split_sentences(p.read_text(encoding="utf-8"))
        if len(s.text) > 40
    ]
    out = []
    for i in range(n):
        picked = rng.sample(sentences, k=min(12, len(sentences)))
        town = rng.choice(TOWNS)
        text = "\n\n".join(s.replace("Tarhuna", town) for s in picked)
        out.append((f"bench_{i:03d}.txt", f"Report {i}.\n\n{text}\n"))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args(argv)

    import folium
    import streamlit_folium as sf

    import gazetteer
    from geo import webmap
    from geo.factions import load_registry
    from geo.layers import build_layers
    from geo.pipeline import Analysis, analyse
    from geo.records import Document

    t = time.perf_counter()
    gz, registry = gazetteer.load(), load_registry()
    analyse(
        [Document("warm.txt", "Haftar forces hold Sirte.")],
        gazetteer=gz,
        registry=registry,
    )
    print(f"warm-up (gazetteer, automaton): {time.perf_counter() - t:.2f} s")

    docs = articles(args.n)
    t0 = time.perf_counter()
    total = Analysis()
    for doc_id, text in docs:
        total = total.merge(
            analyse([Document(doc_id, text)], gazetteer=gz, registry=registry)
        )
    t1 = time.perf_counter()
    layers = build_layers(total, registry=registry)
    t2 = time.perf_counter()
    base = webmap.base_map(layers, registry=registry)
    groups = webmap.feature_groups(layers, registry=registry)
    base.get_root().render()
    sf._get_map_string(base)
    for i, g in enumerate(groups):
        sf._get_feature_group_string(g, map=base, idx=i)
    t3 = time.perf_counter()
    n_feat = sum(len(f) for f in webmap.frames_of(layers).values())
    print(
        f"{args.n} articles ({sum(len(t) for _, t in docs) / 1000:.0f} kB): analyse "
        f"{t1 - t0:.2f} s ({(t1 - t0) / args.n * 1000:.0f} ms/article), layers "
        f"{t2 - t1:.2f} s, map {t3 - t2:.2f} s; total {t3 - t0:.2f} s; "
        f"{len(total.claims)} claims, {n_feat} features"
    )

    # one rerun after a click on the busiest place
    places = webmap.frames_of(layers)["places"]
    row = places.sort_values("n_mentions", ascending=False).iloc[0].to_dict()
    t = time.perf_counter()
    shown = webmap.filter_layers(layers, webmap.Filters())
    base = webmap.base_map(layers, registry=registry)
    groups = webmap.feature_groups(shown, registry=registry, selected=row["id"])
    base.get_root().render()
    sf._get_map_string(base)
    for i, g in enumerate(groups):
        sf._get_feature_group_string(g, map=base, idx=i)
    sf._get_layer_control_string(folium.LayerControl(), base)
    t_map = time.perf_counter()
    by_doc = webmap.place_sources(total, row, registry=registry)
    html = webmap.panel_html(row["name"], "", by_doc)
    t_end = time.perf_counter()
    print(
        f"rerun after a click on {row['name']}: map {t_map - t:.3f} s, sources "
        f"panel {t_end - t_map:.3f} s ({sum(len(v) for v in by_doc.values())} "
        f"sentences, {len(html) / 1000:.0f} kB)"
    )


def bench_upload(n: int) -> None:
    """The page itself: n files through the upload form (AppTest, no browser)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    t = time.perf_counter()
    at.run()
    print(f"page, first run on the seeds (AppTest): {time.perf_counter() - t:.2f} s")
    files = [
        (name, text.replace("Report", "Upload").encode(), "text/plain")
        for name, text in articles(n, seed=11)
    ]
    at.sidebar.file_uploader[0].set_value(files)
    next(b for b in at.sidebar.button if b.label == "Add files").click()
    t = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t
    assert not at.exception, at.exception
    print(
        f"page, {n} uploaded articles to the map (AppTest run): {elapsed:.2f} s; "
        f"{len(at.session_state['docs'])} documents loaded"
    )
    # a rerun as a click causes it (the panel's cost is timed in main())
    at.session_state["map"] = {
        "last_object_clicked_count": 1,
        "last_active_drawing": {"properties": {"id": "none"}},
    }
    t = time.perf_counter()
    at.run()
    print(
        f"page, one rerun with {len(at.session_state['docs'])} documents (a click): "
        f"{time.perf_counter() - t:.2f} s"
    )


if __name__ == "__main__":
    main()
    bench_upload(int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 100)
