"""Print the geography numbers that matter at extraction time.

    python bench/bench_geo.py

- gazetteer load, cold: a fresh interpreter importing geo and calling
  load_gazetteer() (goal < 0.5 s), and the first find_mentions (which builds
  the name automaton);
- geocode per call: median over many calls on a mix of spellings (goal < 50 us);
- find_mentions throughput in characters per second on text we wrote.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Spellings a real extraction run meets: exact, folded, variant, qualified, unknown.
SPELLINGS = ["Ganca", "Stepanakert", "Laxin district", "Zaribaba", "Naxcivan", "line of contact", "Hadrut",
             "Nagorno-Karabakh", "the Tovuz direction", "Ganja's", "Fizuli district", "Moscow", "Defense", "Baku"]
# Sentences of our own for the throughput measure.
TEXT = (
    "Overnight shelling struck flats in Gəncə and the outskirts of Khankendi, officials in Baku said. "
    "Troops traded fire along the line of contact near Talysh and Madagiz, the Defense Ministry reported. "
    "Reports from the Zaribaba region and the Laxin district conflicted; Yerevan and Moscow urged calm. "
)
REPEATS = 2000  # geocode calls per spelling
TEXT_COPIES = 200  # copies of TEXT in the throughput run

COLD = """
import time
t = time.perf_counter()
from geo.gazetteer import load_gazetteer
load_gazetteer()
t1 = time.perf_counter()
from geo.geocode import find_mentions
find_mentions("Ganja")
t2 = time.perf_counter()
print(t1 - t, t2 - t1)
"""


def cold_load() -> tuple[float, float]:
    """(gazetteer load, first find_mentions) seconds, in a fresh interpreter: best of 3."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(tuple(float(x) for x in out.stdout.split()))
    return min(runs)


def lookup_times() -> dict[str, float]:
    """Median seconds per geocode call, per spelling (after one warm-up call each)."""
    from geo.geocode import geocode

    result = {}
    for name in SPELLINGS:
        geocode(name)
        samples = []
        for _ in range(REPEATS // 100):
            t = time.perf_counter()
            for _ in range(100):
                geocode(name)
            samples.append((time.perf_counter() - t) / 100)
        result[name] = statistics.median(samples)
    return result


def mention_throughput() -> tuple[float, int]:
    """(characters per second, mentions found) of find_mentions on TEXT_COPIES copies of TEXT."""
    from geo.geocode import find_mentions

    text = TEXT * TEXT_COPIES
    find_mentions(TEXT)
    t = time.perf_counter()
    found = find_mentions(text)
    return len(text) / (time.perf_counter() - t), len(found)


def main() -> None:
    load, automaton = cold_load()
    print(f"gazetteer load (cold, fresh process): {load * 1000:.0f} ms   (goal < 500 ms)")
    print(f"first find_mentions (builds automaton): {automaton * 1000:.0f} ms")
    times = lookup_times()
    for name, seconds in times.items():
        print(f"  geocode({name!r}): {seconds * 1e6:.1f} us")
    print(f"geocode per call, median over spellings: {statistics.median(times.values()) * 1e6:.1f} us   "
          f"(max {max(times.values()) * 1e6:.1f} us; goal < 50 us)")
    rate, found = mention_throughput()
    print(f"find_mentions: {rate / 1000:.0f} k chars/s ({found} mentions in {len(TEXT) * TEXT_COPIES} chars)")


if __name__ == "__main__":
    main()
