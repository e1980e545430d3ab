"""allauth's e-mail verification step, made to answer a sign-up with a member's address like any other.

With ACCOUNT_PREVENT_ENUMERATION, allauth answers a sign-up with an address that already has an
account as if it had opened one: no account, an e-mail to the owner, "check your e-mail". Two
things would still tell the addresses apart. Opening an account costs a password hash, long enough
to measure, and allauth's stand-in costs none. And an address receives at most one e-mail every few
minutes: a new address has never had one, a member who joined a moment ago has, and allauth would
answer them "too many requests" (the app) or leave out the "e-mail sent" notice (the web).
"""

from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import (
    add_email_verification_sent_message,
    consume_email_verification_rate_limit,
)
from allauth.account.internal.flows.email_verification_by_code import EmailVerificationProcess
from allauth.account.stages import EmailVerificationStage as AllauthEmailVerificationStage
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string


class EmailVerificationStage(AllauthEmailVerificationStage):
    def handle(self):
        if self.login.user is not None or not self.login.signup:
            return super().handle()
        # allauth's stand-in login for a sign-up with a member's address: no user, no account.
        # Hashing costs the same whatever the password, so a throwaway one stands in for theirs.
        make_password(get_random_string(32))
        email = self.login.email
        if consume_email_verification_rate_limit(self.request, email, dry_run=True):
            return super().handle()
        # The member had an e-mail from us a moment ago: send nothing, and answer as if we had.
        if app_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
            # The app is asked for a code next, which must be refused like a wrong one.
            process = EmailVerificationProcess(
                request=self.request, state=EmailVerificationProcess.initial_state(None, email)
            )
            process.generate_code()
            process.persist()
        add_email_verification_sent_message(self.request, email, signup=True)
        return get_adapter().respond_email_verification_sent(self.request, None), True
