from django.conf import settings

from quotes.public.licence import LICENCE_URL


def site(request):
    return {"SITE_NAME": "Verbatim", "SITE_URL": settings.SITE_URL, "LICENCE_URL": LICENCE_URL}
