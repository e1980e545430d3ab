"""E-mail backend for the embedded default: print each message and keep a copy under var/mail/."""

import sys

from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend


class ConsoleAndFileEmailBackend(FileEmailBackend):
    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()
