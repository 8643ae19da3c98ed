from django.core.management.base import BaseCommand

from quotes.alerts.digests import send_alerts


class Command(BaseCommand):
    help = (
        "Send each address that follows lists by e-mail its digest of the statements published "
        "since its last, and delete sign-ups left unconfirmed. Meant for cron, once a day; safe "
        "to run again or twice at once: no statement is mailed twice. See docs/DEPLOY.md."
    )

    def handle(self, *args, **options):
        report = send_alerts()
        self.stdout.write(str(report))
