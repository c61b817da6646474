"""manage.py createuser USERNAME --role fact-checker|editor|admin [--password PASSWORD]"""

import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.roles import ROLE_BY_SLUG
from claims.services.accounts import user_create_with_role


class Command(BaseCommand):
    help = (
        "Create a workbench user with a role; the password must pass the password validators "
        "(AUTH_PASSWORD_VALIDATORS). Prints the password if one was generated."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_BY_SLUG))
        parser.add_argument("--password")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, password, email, **options):
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        try:
            user = user_create_with_role(
                username=username, role=ROLE_BY_SLUG[role], password=password, email=email
            )
        except ValidationError as exc:
            raise CommandError(f"No user created: {' '.join(exc.messages)}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({ROLE_BY_SLUG[role]})"))
        if generated:
            self.stdout.write(f"Password: {password}")
