"""How honest readers share one comment form token: the figures behind the bound in
comments/moderation.py (FORM_BURST, FORM_PER_MINUTE, FORM_MOST, FORM_AGAIN_SECONDS).

A cached post page carries one token for as long as it stays cached, so every reader who
loads it in that time sends their comment with the same token. This simulates such crowds on
one popular post and takes, for each honest comment, what the token's count says when it
arrives (comments.counters.FormUse): comments sent with the token so far, this one included,
from how many addresses, how long after its first use, and whether its address used it
before. Then it asks candidate bounds, Tinte's own among them, how many of those honest
comments they would hold, and how many of a bot's that replays one token.

    .venv/bin/python -m tests.bench.crowd [--seed 1] [--shared-addresses 30]

The crowd, every assumption leaning towards more sharing:
- comments come at a steady rate for three hours (0.5 to 10 a minute; a personal blog's most
  popular post sees perhaps 100-300 comments in its first days, a story at the top of a news
  site 2-5 a minute in its first hours);
- the page is made anew only when its cache time runs out (600 s, the default), as when
  every comment is held (the default): nothing a commenter does renews the token;
- a reader loads the page, then reads and writes for a log-normal time, median 3 minutes
  (nine in ten between half a minute and 15 minutes);
- one commenter in five is on a mobile network behind carrier-grade NAT, sharing one of a few
  public IPv4 addresses (30 by default, a small carrier) with the others there; the rest
  have an address of their own.
"""

import argparse
import math
import os
import random
from collections import defaultdict

HOURS = 3
CACHE_SECONDS = 600
RATES = (0.5, 1, 2, 5, 10)  # comments a minute
RUNS = 20
SHARED = 0.2  # of commenters behind carrier-grade NAT
# (burst, per minute, most, same address again within seconds); None: Tinte's own
CANDIDATES = [
    (3, 2, 1000, 600),
    (5, 3, 1000, 600),
    (5, 5, 1000, 600),
    (5, 5, 1000, 60),
    (5, 5, 100, 0),
    (10, 10, 1000, 60),
    None,
]


def crowd(rate_per_minute: float, rng: random.Random, shared_addresses: int) -> list:
    from comments.counters import FormUse

    phase = rng.uniform(0, CACHE_SECONDS)
    comments, t = [], 0.0
    while (t := t + rng.expovariate(rate_per_minute / 60)) < HOURS * 3600:
        token = math.floor((t + phase) / CACHE_SECONDS)  # the page render the reader got
        sent = t + rng.lognormvariate(math.log(180), 1.0)
        shared = rng.random() < SHARED
        address = f"nat-{rng.randrange(shared_addresses)}" if shared else f"own-{len(comments)}"
        comments.append((sent, token, address))
    first, uses, seen, last, result = {}, defaultdict(int), defaultdict(set), {}, []
    for sent, token, address in sorted(comments):
        first.setdefault(token, sent)
        uses[token] += 1
        seen[token].add(address)
        previous = last.get((token, address))
        last[(token, address)] = sent
        again = None if previous is None else sent - previous
        result.append(FormUse(uses[token], len(seen[token]), sent - first[token], again))
    return result


def bot(count: int, gap: float) -> list:
    """One token fetched once, `count` comments from as many addresses, `gap` seconds apart."""
    from comments.counters import FormUse

    return [FormUse(n, n, (n - 1) * gap, None) for n in range(1, count + 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared-addresses", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from comments import moderation

    crowds = {
        rate: [
            use
            for run in range(RUNS)
            for use in crowd(rate, random.Random(args.seed * 1000 + run), args.shared_addresses)
        ]
        for rate in RATES
    }
    print(f"Honest crowds: {RUNS} runs of {HOURS} hours, page cached {CACHE_SECONDS} s")
    print("rate/min  comments  most uses of a token  most in its first minute  same address")
    for rate, uses in crowds.items():
        first_minute = max(u.uses for u in uses if u.seconds <= 60)
        again = sum(u.again_after is not None for u in uses) / len(uses)
        print(
            f"{rate:8}  {len(uses):8}  {max(u.uses for u in uses):20}"
            f"  {first_minute:24}  {again:12.2%}"
        )
    print("\nHonest comments held, and a bot's 20 comments held (one token, 20 addresses)")
    print(
        f"{'bound':40}" + "".join(f"{f'{rate}/min':>9}" for rate in RATES) + "  bot 0.2 s  bot 5 s"
    )
    for candidate in CANDIDATES:
        if candidate is None:
            bound, label = (
                {},
                "Tinte's: "
                + ", ".join(
                    str(getattr(moderation, name))
                    for name in ("FORM_BURST", "FORM_PER_MINUTE", "FORM_MOST", "FORM_AGAIN_SECONDS")
                ),
            )
        else:
            burst, per_minute, most, again = candidate
            bound = {"burst": burst, "per_minute": per_minute, "most": most}
            bound["again_seconds"] = again
            label = f"{burst} + {per_minute}/min, at most {most}, again {again} s"

        def held(uses, bound=bound):
            return sum(moderation.form_used_too_much(use, **bound) for use in uses)

        shares = "".join(f"{held(crowds[rate]) / len(crowds[rate]):9.2%}" for rate in RATES)
        print(f"{label:40}{shares}  {held(bot(20, 0.2)):9}  {held(bot(20, 5)):7}")


if __name__ == "__main__":
    main()
