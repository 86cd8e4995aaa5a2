"""Benchmark: the plain-words check of a 2,000-character prompt against a 1,000-term glossary
(target under 20 ms).

Run: .venv/bin/python benchmarks/readability.py [--terms 1000] [--runs 200]

It builds a glossary of the built-in words plus made-up panel words (single words and
two-word phrases) up to `--terms`, and a 2,000-character prompt of plain sentences with
glossary words, long sentences and markup mixed in. It then times, with a monotonic clock
inside this process:

* check: `checking.assess` as /prompt check and /prompt post run it (reading ease, grade,
  sentences, long and hardest sentences, every glossary word found with its meaning), with
  the glossary's patterns already built (a panel whose glossary did not change);
* first check: the same in a fresh process state, building every pattern (the first check
  after the bot starts);
* after one new word: the first check after `/glossary add` (only the new word's letter
  group is built again).

Each is printed as min, median and max in milliseconds over `--runs` runs (the first check
over fewer runs, as each needs its caches cleared). The exit status is 1 when the median
check is over the target.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable

from bot.services import readability
from bot.services.prompts import checking
from bot.services.readability import load_default_glossary

TARGET_MS = 20.0
PROMPT_CHARS = 2000
SENTENCES = (
    "We would like to hear what you think about the new leaflet for the {a} study.",
    "Please tell us if the {a} is clear, and what you would change.",
    "The team wants to know whether the {a} and the {b} make sense to you.",
    "Some people said the {a} felt rushed, so we have given it more time this month.",
    "Before the next session, have a look at the **draft** and say what is missing.",
    "The researchers plan a {a} with a {b}, and they would value your views on how it is run "
    "and on who should be asked to take part in the first round of interviews next year.",
    "See <t:1790000000:F> for the time, and https://example.org/plan for the plan.",
    "What would make it easier for you to join in?",
)


def made_up_words(count: int, seed: int = 7) -> list[str]:
    """Pronounceable made-up words and two-word phrases (none in the built-in glossary)."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.3:
            word += " " + "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
        words.add(word)
    return sorted(words)


def build(terms: int) -> tuple[dict[str, str], str]:
    """A glossary of `terms` words and a prompt of PROMPT_CHARS characters using some."""
    glossary = load_default_glossary()
    for word in made_up_words(max(0, terms - len(glossary))):
        glossary[word] = "A word made up for this test, with a short plain meaning."
    rng = random.Random(11)
    names = sorted(glossary)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < PROMPT_CHARS:
        template = rng.choice(SENTENCES)
        parts.append(template.format(a=rng.choice(names), b=rng.choice(names)))
    return glossary, " ".join(parts)[:PROMPT_CHARS]


def clear_caches() -> None:
    """Forget built patterns and syllable counts, as in a freshly started process."""
    readability._matcher.cache_clear()
    readability._group.cache_clear()
    readability._term_pattern.cache_clear()
    readability._start_key.cache_clear()
    readability.syllables.cache_clear()
    re.purge()


def timed(action: Callable[[], object], runs: int, before: Callable[[], None] | None = None):  # type: ignore[no-untyped-def]
    """Milliseconds per run of `action` (after `before`, which is not timed)."""
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def line(name: str, samples: list[float]) -> str:
    """min / median / max in milliseconds."""
    return (
        f"{name:<28} min {min(samples):7.2f} ms   median {statistics.median(samples):7.2f} ms"
        f"   max {max(samples):7.2f} ms   ({len(samples)} runs)"
    )


def main() -> int:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    glossary, prompt = build(args.terms)
    result = checking.assess(prompt, glossary, 60)
    print(
        f"prompt: {len(prompt)} characters, {result.report.words} words, "
        f"{result.report.sentences} sentences, {len(result.jargon)} glossary words found; "
        f"glossary: {len(glossary)} terms"
    )

    first = timed(lambda: checking.assess(prompt, glossary, 60), 10, before=clear_caches)
    checking.assess(prompt, glossary, 60)
    steady = timed(lambda: checking.assess(prompt, glossary, 60), args.runs)

    added_words = iter(made_up_words(args.terms + 40, seed=99))

    def add_one() -> None:
        word = next(w for w in added_words if w not in glossary)
        glossary[word] = "One more made-up word."

    added = timed(lambda: checking.assess(prompt, glossary, 60), 20, before=add_one)

    print(line("check", steady))
    print(line("first check (cold)", first))
    print(line("check after one new word", added))
    median = statistics.median(steady)
    verdict = "meets" if median < TARGET_MS else "MISSES"
    print(f"target: check under {TARGET_MS:.0f} ms: {verdict} (median {median:.2f} ms)")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
