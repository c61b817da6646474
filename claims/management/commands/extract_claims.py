"""manage.py extract_claims PATH: print an article's cleaned title and text, then its check-worthy claims."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract


class Command(BaseCommand):
    help = "Clean an article (text or HTML file, or - for standard input) and list its check-worthy claims."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Article file (plain text or HTML), or - to read standard input.")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        threshold = settings.WORKBENCH["CLAIM_THRESHOLD"]
        parser.add_argument(
            "--threshold",
            type=float,
            default=threshold,
            help=f"Lowest check-worthiness score to list, 0 to 1 (default CLAIM_THRESHOLD, {threshold}: "
            "what the web and the API queue).",
        )
        parser.add_argument("--html", action="store_true", default=None, help="Treat the input as HTML.")

    def handle(self, *args, path, format, threshold, html, **options):
        if not 0 <= threshold <= 1:
            raise CommandError("--threshold must be between 0 and 1")
        try:
            raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            extraction = extract(raw, html=html)
        except ValueError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if format == "json":
            self.stdout.write(json.dumps(extraction.as_dict(threshold), ensure_ascii=False, indent=2))
            return
        claims = extraction.claims(threshold)
        self.stdout.write(
            f"Title: {extraction.title}\nLanguage: {extraction.language}\n\n{extraction.text}\n"
        )
        self.stdout.write(
            f"\n{len(claims)} claims scoring {threshold:.2f} or more "
            f"(of {len(extraction.sentences)} sentences):"
        )
        for number, claim in enumerate(claims, start=1):
            self.stdout.write(
                f"\n{number}. [{claim.score:.2f}] {claim.claim_type.label}  (chars {claim.start}-{claim.end})\n"
                f"   {claim.claim}"
            )
            if claim.claim_text:
                self.stdout.write(f"   Reported in: {claim.text}")
            if claim.attribution:
                self.stdout.write(f"   Said by: {claim.attribution}")
            for reason in claim.reasons:
                sign = "+" if reason["weight"] > 0 else "-" if reason["weight"] < 0 else " "
                quoted = f": {reason['match']!r}" if reason["match"] else ""
                self.stdout.write(f"   {sign} {reason['label']}{quoted} ({reason['weight']:+.2f})")
