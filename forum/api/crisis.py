"""The crisis phrases, for the hint shown while a member writes (the check at save stays)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from community.api import ApiView

from .. import selectors


class CrisisPhraseListView(ApiView):
    """Words that call for help: an app or page checks a draft against them as it is written."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        phrases = serializers.ListField(
            child=serializers.CharField(), help_text="Lowercase; a draft containing one shows help."
        )
        help_url = serializers.CharField(help_text="The page of crisis lines and the member's safety plan.")

    @extend_schema(operation_id="forum_crisis_phrases", responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        data = {
            "phrases": sorted({phrase.lower() for phrase in selectors.crisis_phrases()}),
            "help_url": reverse("crisis_resources"),
        }
        response = Response(self.OutputSerializer(data).data)
        # Fetched once per page with a post form; a few minutes old is fine.
        response["Cache-Control"] = "private, max-age=300"
        return response
