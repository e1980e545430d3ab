"""The moderation log as a CSV file, the same from the moderators' page and from the API."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from community.spreadsheet import csv_download

from .models import ModerationLogEntry

LOG_CSV_HEADER = ["When", "Moderator", "Action", "On what", "Member", "Why"]


def moderation_log_csv(entries: QuerySet[ModerationLogEntry]) -> StreamingHttpResponse:
    """Stream the entries with their times in the moderator's own zone, with its offset."""
    rows = (
        [
            timezone.localtime(entry.created_at).isoformat(),
            entry.moderator_handle,
            entry.get_action_display(),
            entry.target,
            entry.target_user.handle if entry.target_user else "",
            entry.reason,
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    return csv_download(filename="moderation-log.csv", header=LOG_CSV_HEADER, rows=rows)
