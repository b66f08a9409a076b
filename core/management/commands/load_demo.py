from django.core.management.base import BaseCommand

from core import demo


class Command(BaseCommand):
    help = "Load demo data (synthetic people, cases, indicators and plans). Safe to run again."

    def handle(self, *args, **options):
        demo.load(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write("SENDsight is starting on http://127.0.0.1:8000")
        self.stdout.write(f"Sign in with any of these (password: {demo.DEMO_PASSWORD}):")
        for role, email, _name, _organisation in demo.DEMO_PEOPLE:
            self.stdout.write(f"  {email:<28} {role.label}")
