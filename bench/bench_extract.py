"""Extraction throughput on a synthetic corpus: `python bench/bench_extract.py [N]`.

Builds N articles (default 10,000) from templates written for this bench —
invented reports with real place names, varied dates, figures, claimants,
denials, boilerplate and background paragraphs — and prints articles per
second on one core. The gazetteer and regexes are warmed up first, because a
batch pays for them once.

Then it times single long articles of 3, 30, 150 and 300 KB of two kinds —
running prose made of the same templates, and one sentence listing places
(the worst case for place mentions) — so that growth with length shows: the
CPU time per KB should stay flat.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from incidents.extract import extract_incidents
from incidents.model import Article

# How many synthetic articles a run extracts unless told otherwise.
DEFAULT_ARTICLES = 10_000
# The seed keeps the corpus identical between runs, so numbers compare.
SEED = 20201012

PLACES = ("Tovuz", "Ganja", "Barda", "Goris", "Jermuk", "Lachin", "Tartar", "Aghdam", "Fuzuli", "Hadrut",
          "Shusha", "Stepanakert", "Vardenis", "Sotk", "Martuni", "Kalbajar", "Gadabay", "Ijevan", "Kapan",
          "Jabrayil", "Gyandzha", "Fizuli", "Gadrut", "Terter")
CLAIMANTS = ("Azerbaijan's Defense Ministry", "the Armenian Defense Ministry", "Karabakh emergency officials",
             "a spokesman for the Russian peacekeepers", "Armenia's Foreign Ministry")
LEADS = (
    "{claimant} said {num} {who} were killed when artillery hit {place} on {weekday}.",
    "Drones struck positions near {place} overnight, {claimant} said in a statement.",
    "According to {claimant}, troops exchanged fire close to {place} on {month} {day}.",
    "{claimant} announced that rockets landed in {place} early {weekday}, wounding {num} {who}.",
    "Shelling of {place} in the last 24 hours left {num} {who} dead, {claimant} reported.",
)
DENIALS = ("The other side denied opening fire near {place}.",
           "Officials in Yerevan called the report an absolute lie.",
           "Baku rejected the accusation as disinformation.")
FILLER = ("Diplomats met in Geneva to discuss a lasting settlement of the dispute.",
          "The region saw a war in the early 1990s that killed about 30,000 people.",
          "See also  Markets rally as oil prices climb",
          "ADVERTISEMENT",
          "Both governments urged restraint and called for negotiations to resume.")
WHO = ("civilians", "servicemen", "soldiers", "people")
NUMBERS = ("two", "three", "seven", "at least nine", "12", "four")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("April", "Sept.", "July", "Nov.")


def synthetic_article(rng: random.Random, n: int) -> Article:
    """One invented report: two or three event paragraphs, a denial, and noise."""
    slots = lambda: {  # noqa: E731 - fresh choices per sentence
        "claimant": rng.choice(CLAIMANTS), "num": rng.choice(NUMBERS), "who": rng.choice(WHO),
        "place": rng.choice(PLACES), "weekday": rng.choice(WEEKDAYS), "month": rng.choice(MONTHS),
        "day": rng.randint(1, 28)}
    paragraphs = [rng.choice(LEADS).format(**slots()) for _ in range(rng.randint(2, 3))]
    paragraphs.append(rng.choice(DENIALS).format(**slots()))
    paragraphs += rng.sample(FILLER, 3)
    rng.shuffle(paragraphs)
    published = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 2900))
    text = "\n\n".join(paragraphs)
    return Article(source=f"synthetic-{n:05d}.txt", text=text, title=f"Synthetic report {n}", published=published,
                   published_precision="day")


def corpus(size: int, seed: int = SEED) -> list[Article]:
    rng = random.Random(seed)
    return [synthetic_article(rng, n) for n in range(size)]


# Sizes (KB) of the single long articles timed after the corpus.
LONG_SIZES_KB = (3, 30, 150, 300)


def long_article(kind: str, kb: int, rng: random.Random) -> Article:
    """One article of about `kb` KB: running prose, or one sentence listing places."""
    if kind == "prose":
        parts: list[str] = []
        while sum(len(p) + 2 for p in parts) < kb * 1024:
            parts.append(synthetic_article(rng, len(parts)).text)
        text = "\n\n".join(parts)[:kb * 1024]
    else:
        names = [PLACES[i % len(PLACES)] for i in range(kb * 1024 // 8)]
        text = "Artillery shelled " + ", ".join(names)[:kb * 1024] + " on Monday, the ministry said."
    return Article(source=f"long-{kind}-{kb}.txt", text=text, published=dt.date(2020, 10, 5), published_precision="day")


def time_long_articles() -> None:
    rng = random.Random(SEED)
    for kind in ("prose", "place list"):
        for kb in LONG_SIZES_KB:
            article = long_article(kind, kb, rng)
            cpu_start = time.process_time()
            found = len(extract_incidents(article, budget_s=None))
            cpu = time.process_time() - cpu_start
            print(f"{kind:>10} {kb:>4} KB: {cpu:6.2f} s CPU ({1000 * cpu / kb:5.1f} ms per KB), {found} incidents")


def main(argv: list[str]) -> int:
    size = int(argv[1]) if len(argv) > 1 else DEFAULT_ARTICLES
    articles = corpus(size)
    extract_incidents(articles[0])  # warm-up: gazetteer, automaton, regexes
    start, cpu_start = time.perf_counter(), time.process_time()
    incidents = sum(len(extract_incidents(a)) for a in articles)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # CPU time is what one core spends; wall time also counts waiting for a shared machine
    print(f"{size} articles, {incidents} incidents: {size / cpu:.0f} articles/s of CPU time on one core "
          f"({cpu:.2f} s CPU, {elapsed:.2f} s wall, {size / elapsed:.0f} articles/s wall)")
    time_long_articles()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
