import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

application = get_wsgi_application()

# The web workers never wait on the database past a deadline (the command-line tools may).
from quotes.reliability import database  # noqa: E402  (needs the settings loaded above)

database.install()
