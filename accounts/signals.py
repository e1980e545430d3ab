"""Cached reads about members made stale when what they were read from changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from community.cache import bump_on_commit

from .cache import blocks_version_key
from .models import Block


@receiver(post_save, sender=Block)
@receiver(post_delete, sender=Block)
def _block_changed(sender, instance: Block, **kwargs) -> None:
    bump_on_commit([blocks_version_key(user_id=instance.blocker_id)])
