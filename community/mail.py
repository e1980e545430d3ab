"""E-mail: messages rendered from templates, and the embedded default's console-and-files backend."""

import sys
import zoneinfo
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, select_template
from django.utils import timezone


def email_render(
    *,
    to: str,
    zone: zoneinfo.ZoneInfo,
    template: str | Sequence[str],
    context: dict,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """An e-mail to `to` from `<template>_subject.txt`, `<template>.txt` and `<template>.html` if
    there is one; with several names, the first of each that exists. Rendered with the member's
    time zone active, so the times in it are theirs."""
    names = [template] if isinstance(template, str) else list(template)
    context = {"site_name": settings.SITE_NAME, **context}
    with timezone.override(zone):
        text = select_template([f"{name}.txt" for name in names])
        subject = select_template([f"{name}_subject.txt" for name in names])
        base = text.template.name.removesuffix(".txt")
        message = EmailMultiAlternatives(
            subject=" ".join(subject.render(context).split()),
            body=text.render(context),
            to=[to],
            headers=headers,
        )
        try:
            html = get_template(f"{base}.html")
        except TemplateDoesNotExist:
            html = None
        if html is not None:
            message.attach_alternative(html.render(context), "text/html")
    return message


def message_id(local: str) -> str:
    """A Message-ID that is the same on every attempt to send one message.

    A worker can die after the mail server took the e-mail and before the row is marked sent; no
    sender can tell that apart from dying just before, so the e-mail is sent again. With the same
    Message-ID the second copy is the same message, which mail systems show once.
    """
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{local}@{domain}>"


class ConsoleAndFileEmailBackend(FileEmailBackend):
    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()
