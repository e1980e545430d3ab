"""Write a fresh VAPID key pair for Web Push into an env file that has none; never overwrites."""

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Command(BaseCommand):
    help = "Add VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY to the env file if it has no VAPID key yet."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--env-file", default=".env")

    def handle(self, *args, env_file: str, **options) -> None:
        path = Path(env_file)
        existing = path.read_text() if path.exists() else ""
        if any(line.startswith("VAPID_PRIVATE_KEY=") for line in existing.splitlines()):
            self.stdout.write(f"{path} already has VAPID keys; left as they are.")
            return
        private = ec.generate_private_key(ec.SECP256R1())
        public = private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        lines = [
            "# Web Push keys for this machine, written by `manage.py vapid_keys`.",
            f"VAPID_PRIVATE_KEY={_b64u(private.private_numbers().private_value.to_bytes(32))}",
            f"VAPID_PUBLIC_KEY={_b64u(public)}",
        ]
        separator = "" if not existing or existing.endswith("\n") else "\n"
        path.write_text(existing + separator + "\n".join(lines) + "\n")
        self.stdout.write(f"VAPID keys written to {path}.")
