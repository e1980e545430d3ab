"""OpenAPI schema generation shared by every app's API (kept apart: DRF settings import community.api)."""

from drf_spectacular import openapi


class AutoSchema(openapi.AutoSchema):
    """Names the nested serializers of one-operation views after the view, so they never collide.

    MeView.OutputSerializer -> "Me", MeView.InputSerializer -> "MeInput",
    ThreadView.OutputSerializer.AuthorSerializer -> "ThreadAuthor".
    """

    def get_serializer_name(self, serializer, direction) -> str:
        view, *nested = type(serializer).__qualname__.split(".")
        if not nested:
            return super().get_serializer_name(serializer, direction)
        parts = [part.removesuffix("Serializer") for part in nested]
        return view.removesuffix("View") + "".join(part for part in parts if part != "Output")
