import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from forum import demo


class Command(BaseCommand):
    help = "Build the deterministic demo forums (same size, same data) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(demo.SIZES), default="small")
        parser.add_argument("--password", default=demo.DEFAULT_PASSWORD)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help=(
                "The day the demo's phases are placed around (default: the real today, at the "
                "real time). On a given day the demo's moment is 11:00 in Geneva, and the same "
                "day gives the same data."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds a forum (used by `make run`).",
        )

    def handle(
        self, *args, size: str, password: str, if_empty: bool, today: dt.date | None, **options
    ):
        from forum.models import Forum

        if if_empty and Forum.objects.exists():
            self.stdout.write("The database holds forums already; the demo was not loaded.")
            self.print_accounts(password=None)
            return
        try:
            demo.build(size=size, password=password, log=self.stdout.write, today=today)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo forum loaded ({size})."))
        self.print_accounts(password=password)

    def print_accounts(self, *, password: str | None) -> None:
        self.stdout.write("Demo accounts:")
        for email, what in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<28} {what}")
        if password is not None:
            self.stdout.write(f"Password for every demo account: {password}")
        else:
            self.stdout.write(
                "Password: the one given when the demo was loaded (default plenaria-demo)."
            )
