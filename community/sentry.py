"""Error reports to Sentry, sent only when SENTRY_DSN is set, and without what members wrote or sent us.

Reports carry the code's path to the error, never a request's body (a post, a journal entry, a
password), its cookies or credentials, or who the member is beyond their id.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint

# Request headers that carry a member's credentials.
SECRET_HEADERS = frozenset({"authorization", "cookie", "x-session-token", "x-csrftoken"})


def scrub_event(event: "Event", hint: "Hint") -> "Event":
    """Sentry's before_send: drop from the event what could tell who the member is or what they wrote."""
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() not in SECRET_HEADERS
            }
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    # Imported here: without a DSN the SDK is never loaded, let alone initialised.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # Members' words pass through local variables and request bodies: neither is collected.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
