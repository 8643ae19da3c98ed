from django.conf import settings


def site(request):
    return {"SITE_NAME": "Verbatim", "SITE_URL": settings.SITE_URL}
