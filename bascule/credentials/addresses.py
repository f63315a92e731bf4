"""The stable public addresses of the issuer (bascule/credentials/urls_public.py, under /ob/):
they are part of every credential signed, so SITE_URL is the issuer's identity and must not
change (docs/credentials.md)."""

from django.conf import settings
from django.urls import reverse


def absolute(name: str, **kwargs: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(f"ob:{name}", kwargs=kwargs or None)
