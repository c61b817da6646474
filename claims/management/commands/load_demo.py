"""manage.py load_demo: demo sources and documents, the demo article, one user per role, one published verdict."""

from django.conf import settings
from django.core.management.base import BaseCommand

from claims.services import demo


class Command(BaseCommand):
    help = (
        "Load the demo: sources, documents, users (printed), the demo article, and one published fact-check."
    )

    def handle(self, *args, **options):
        report = demo.demo_load(log=self.stdout.write)
        # `make demo` sets ORGANIZATION_URL to where its server answers (HOST, PORT).
        where = settings.WORKBENCH["ORGANIZATION_URL"]
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Log in at {where} with:"))
        for username, role, password in report["users"]:
            self.stdout.write(f"  {role:<13} {username:<14} password: {password}")
        self.stdout.write(
            f"Article #{report['article_id']}: {report['claims']} claims in the queue; published fact-check #{report['published_verdict_id']}."
        )
