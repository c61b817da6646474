"""manage.py checkworthiness TRANSCRIPT.tsv: print line_number<TAB>score for every transcript line."""

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.scoring import score_lines
from claims.extraction.transcripts import read_transcript


class Command(BaseCommand):
    help = (
        "Score each line of a CheckThat! Task 5 transcript (line_number, speaker, text[, label]; "
        "tab-separated, no header) for check-worthiness."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            lines = read_transcript(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        scores = score_lines([(line.speaker, line.text) for line in lines])
        for line, score in zip(lines, scores, strict=True):
            self.stdout.write(f"{line.line_number}\t{score:.6f}")
