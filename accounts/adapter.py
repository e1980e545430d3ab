"""allauth's hooks for this site: e-mails in our voice, sign-ups that do not tell who is a member."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

_ALLAUTH_EMAIL_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # E-mails are also sent outside a request (no context processors): name the site here.
        context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.EmailVerificationStage" if stage == _ALLAUTH_EMAIL_VERIFICATION_STAGE else stage
            for stage in super().get_login_stages()
        ]
