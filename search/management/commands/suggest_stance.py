"""manage.py suggest_stance PAIRS.tsv: print pair_id<TAB>stance<TAB>confidence for every claim / passage pair."""

import sys

from django.core.management.base import BaseCommand, CommandError

from search.stance import suggest_stances


def read_pairs(handle, name: str) -> list[tuple[str, str, str]]:
    """(pair_id, claim, passage) of every line; a header row (first field `pair_id`) is skipped."""
    pairs = []
    number = 0
    try:
        for number, line in enumerate(handle, 1):
            if "\x00" in line:
                raise CommandError(f"{name}, line {number}: binary data, not a tab-separated text file")
            fields = line.rstrip("\r\n").split("\t")
            if number == 1 and fields[0].strip().lower() == "pair_id":
                continue
            if not line.strip():
                continue
            if len(fields) < 3:
                raise CommandError(
                    f"{name}, line {number}: expected pair_id, claim and passage separated by tabs, "
                    f"found {len(fields)} field{'s' if len(fields) != 1 else ''}"
                )
            pairs.append((fields[0], fields[1], fields[2]))
    except UnicodeDecodeError as exc:
        raise CommandError(f"{name}, line {number + 1}: not UTF-8 text ({exc.reason})") from exc
    if not pairs:
        raise CommandError(f"{name} is empty: no pair_id<TAB>claim<TAB>passage lines")
    return pairs


class Command(BaseCommand):
    help = (
        "Read pair_id<TAB>claim<TAB>passage[<TAB>label] lines (a header row is skipped) and print "
        "pair_id<TAB>stance<TAB>confidence, stance being supports, refutes or neither."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "pairs", help="TSV file of pair_id<TAB>claim<TAB>passage lines, or - for standard input."
        )

    def handle(self, *args, pairs, **options):
        name = "standard input" if pairs == "-" else pairs
        try:
            handle = sys.stdin if pairs == "-" else open(pairs, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(f"Cannot read {pairs}: {exc.strerror or exc}") from exc
        try:
            rows = read_pairs(handle, name)
        finally:
            if handle is not sys.stdin:
                handle.close()
        hints = suggest_stances([(claim, passage) for _, claim, passage in rows])
        for (pair_id, _, _), hint in zip(rows, hints, strict=True):
            self.stdout.write(f"{pair_id}\t{hint.stance}\t{hint.confidence:.4f}")
