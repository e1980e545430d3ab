"""Settings shared by every environment, read from the environment with django-environ."""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-key-never-used-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "community.views.csrf_failure"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = "No Contact"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "accounts",
    "safety",
    "forum",
    "streaks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MemberTimezoneMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "community.errors.DatabaseUnavailableMiddleware",
    "community.bodies.HeadlessJsonBodyMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "community.context_processors.site",
                "forum.context_processors.review_queue",
            ],
        },
    },
    {
        # Only for the fragments rendered many times a page, asked for by name with using="jinja2".
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "forum.jinja_env.environment", "autoescape": True},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Parameters sent apart from the query, so that what every page asks (the member, the session,
    # a thread's marks) is prepared once per connection, from its fifth run, and not planned again
    # each time. Set DATABASE_PREPARED_STATEMENTS=false behind a pooler that cannot keep prepared
    # statements (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.CachedPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("handle", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for every new password; PBKDF2 hashes from before still verify, and are rehashed with
# Argon2 when their owner next logs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "staticfiles"  # None in local and test settings: served by the finders
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Redis is the broker and the cache when configured; otherwise tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
# An unreachable Redis costs a second at most, then pages go on without the cache (cache misses,
# logged) and rate limits count in each process's memory (community/cache.py, README "Redis").
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


def redis_caches(url: str, *, key_prefix: str = "") -> dict:
    options = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
        },
        "ratelimit": {
            "BACKEND": "community.cache.RateLimitCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": options,
        },
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60
CELERY_TASK_SOFT_TIME_LIMIT = 45
# The worker and beat wait out a broker outage of any length and reconnect by themselves.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A web request that enqueues a task tries once and gives up within a second when the broker is
# down or hangs (the socket timeouts below), and leaves the work to the outbox (community/outbox.py).
# A pooled connection that went stale while Redis restarted is reopened by redis-py on its own.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
# A message is acknowledged when its task is done. One that is not acknowledged after
# `visibility_timeout` (its worker was killed) is given to another worker. It must be longer than
# any task may run (every time_limit, at most 75 s) and any retry may wait (retry_backoff_max, at
# most 60 s), or a message still being worked on would run twice; and short, because it is how long
# the work of a killed worker waits. Redis's default is an hour. Workers look for such messages
# every 5 seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "visibility_timeout": 90,
    "unacked_restore_interval": 5,
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    # Days turn over at different UTC hours around the world: award milestones every 15 minutes.
    "streaks-milestones-sweep": {"task": "streaks.tasks.milestones_sweep", "schedule": 15 * 60},
    # Daily reminders at each member's local time: every 5 minutes, so one comes at most 5 late.
    "streaks-reminders-send": {"task": "streaks.tasks.reminders_send", "schedule": 5 * 60},
    # "Read it again tomorrow" letters, once each member's local morning has come.
    "streaks-letters-read-again": {"task": "streaks.tasks.letters_read_again_send", "schedule": 5 * 60},
    # Once a day, a full pass also catches milestones missed during a long outage.
    "streaks-milestones-full-sweep": {
        "task": "streaks.tasks.milestones_sweep",
        "schedule": 24 * 60 * 60,
        "kwargs": {"full": True},
    },
    # Notification e-mails whose task was lost (broker down, worker killed) are sent again.
    "accounts-notification-emails-resend": {
        "task": "accounts.tasks.notification_emails_resend",
        "schedule": 5 * 60,
    },
    "accounts-notification-pushes-resend": {
        "task": "accounts.tasks.notification_pushes_resend",
        "schedule": 5 * 60,
    },
    # Erasures whose task was lost (broker down, worker killed) are sent again.
    "accounts-erasures-resume": {"task": "accounts.tasks.account_erasures_resume", "schedule": 15 * 60},
    # An export link lives 7 days; after that its contents are forgotten.
    "accounts-exports-purge": {"task": "accounts.tasks.data_exports_purge", "schedule": 60 * 60},
}

# E-mail: console and files under var/mail/ by default, so a local sign-up can be completed.
if env("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                option: _email[key]
                for option, key in {
                    "host": "EMAIL_HOST",
                    "port": "EMAIL_PORT",
                    "username": "EMAIL_HOST_USER",
                    "password": "EMAIL_HOST_PASSWORD",
                    "use_tls": "EMAIL_USE_TLS",
                    "use_ssl": "EMAIL_USE_SSL",
                    "file_path": "EMAIL_FILE_PATH",
                }.items()
                if _email.get(key) not in (None, "")
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "community.mail.ConsoleAndFileEmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
# Discreet mode: every e-mail passes through one wrapper that makes it neutral for members who chose
# it. DISCREET_FROM_EMAIL can give those e-mails an address whose domain says nothing either.
MAILERS = {
    alias: {
        "BACKEND": "safety.mail.DiscreetEmailBackend",
        "OPTIONS": {"backend": mailer["BACKEND"], "options": mailer.get("OPTIONS", {})},
    }
    for alias, mailer in MAILERS.items()
}

# Web Push (VAPID): without a private key the push channel is off (see accounts.push).
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY", default="")
VAPID_PUBLIC_KEY = env("VAPID_PUBLIC_KEY", default="")
VAPID_SUBJECT = env("VAPID_SUBJECT", default="mailto:hello@nocontact.local")
# Push to the mobile app (see accounts.mobile_push); each channel is off without its credentials.
# FCM: the Firebase service account's JSON key, as the JSON itself or the path of its file.
FCM_SERVICE_ACCOUNT = env("FCM_SERVICE_ACCOUNT", default="")
FCM_BASE_URL = env("FCM_BASE_URL", default="https://fcm.googleapis.com")
# APNs: the .p8 signing key (its text or its path), its key id, the team id and the app's bundle id.
APNS_KEY = env("APNS_KEY", default="")
APNS_KEY_ID = env("APNS_KEY_ID", default="")
APNS_TEAM_ID = env("APNS_TEAM_ID", default="")
APNS_TOPIC = env("APNS_TOPIC", default="")
# https://api.sandbox.push.apple.com for development builds of the app.
APNS_BASE_URL = env("APNS_BASE_URL", default="https://api.push.apple.com")

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="No Contact <hello@nocontact.local>")
DISCREET_FROM_EMAIL = env("DISCREET_FROM_EMAIL", default="")

# django-allauth: e-mail login, mandatory verification, a chosen handle shown to others.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "handle"
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "accounts.validators.handle_validators"
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# The link in the e-mail confirms at once: one click, not two. It logs in only the browser that
# signed up, so a mail scanner opening the link confirms the address and nothing more.
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup.SignupExtraForm"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_USERNAME_BLACKLIST = [
    "admin",
    "administrator",
    "moderator",
    "moderators",
    "staff",
    "support",
    "nocontact",
    "former_member",
    "system",
    "settings",
    "notifications",
]
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "send_email": "5/m/key",
    "confirm_email": "1/3m/key",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[No Contact] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# A link on the web, a code for the mobile app: see accounts/allauth_settings.py.
ALLAUTH_SETTING_GETTER = "accounts.allauth_settings.allauth_setting"

HEADLESS_ONLY = False
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{SITE_URL}/accounts/confirm-email/{{key}}/",
    "account_reset_password_from_key": f"{SITE_URL}/accounts/password/reset/key/{{key}}/",
    "account_signup": f"{SITE_URL}/accounts/signup/",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "allauth.headless.contrib.rest_framework.authentication.XSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "community.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,  # community.pagination.DEFAULT_PAGE_SIZE
    "DEFAULT_SCHEMA_CLASS": "community.schema.AutoSchema",
    "EXCEPTION_HANDLER": "community.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "community.bodies.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "community.throttling.AnonRateThrottle",
        "community.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="120/min"),
        "user": env("THROTTLE_USER", default="600/min"),
        "write": env("THROTTLE_WRITE", default="60/min"),
        "typing": env("THROTTLE_TYPING", default="120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "No Contact community API",
    "DESCRIPTION": (
        "The JSON API behind the No Contact community. Authenticate with an allauth headless "
        "session token in the X-Session-Token header (see /_allauth/app/v1/), or with the "
        "browser session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name, each under a name that says what it is.
    "ENUM_NAME_OVERRIDES": {
        "PostStatusEnum": "forum.models.PostStatus",
        "FlagStatusEnum": "forum.models.Flag.Status",
        "DataExportStatusEnum": "accounts.models.DataExport.Status",
        "ReactionKindEnum": "forum.models.Reaction.Kind",
        "NotificationKindEnum": "accounts.models.Notification.Kind",
        "ModerationActionEnum": "forum.models.ModerationLogEntry.Action",
        "UrgeActionEnum": "streaks.models.Urge.Action",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# No inline scripts or styles anywhere: where one is unavoidable it carries the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache and written through to the database: one query less on every
# signed-in request, and still there when Redis is not (a cache miss reads the database).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Error reports go to Sentry when SENTRY_DSN is set; without it the SDK is not even loaded.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from community.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
