"""Errors the domain raises, known to services and shown by the pages and the API alike."""


class ApplicationError(Exception):
    """A rule of the domain refused the request; shown to the member as a clear 400."""

    def __init__(
        self, message: str, *, field: str | None = None, status: int = 400, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
        self.retry_after = retry_after  # seconds, sent as Retry-After with a 429
