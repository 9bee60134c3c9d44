"""Opora settings. Everything that differs between a laptop and a region's server comes from the
environment (see README): DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, TIME_ZONE, OPORA_DATA_DIR."""

import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from opora.core.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = envbool("DEBUG", False)
_INSECURE_KEY = "opora-insecure-development-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY", _INSECURE_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY не задан: задайте его в окружении или включите DEBUG=1")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "opora.core",
    "opora.accounts",
    "opora.registry",
    "opora.assessment",
    "opora.roadmaps",
    "opora.diagnostics",
    "opora.programs",
    "opora.monitoring",
    "opora.reports",
    "opora.public",
    "opora.surveys",
    "opora.indicators",
    "opora.dashboards",
    "opora.notifications",
    "opora.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "opora.core.http.VaryOnHtmxMiddleware",
    "opora.core.http.NoStoreWhenSignedInMiddleware",
    "opora.core.http.ContentSecurityPolicyMiddleware",
    "opora.core.middleware.ActorMiddleware",
    "opora.registry.middleware.RegionTimezoneMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opora.urls"
# The table of actions and who may do them (opora.core.access reads it; the core imports no app).
OPORA_ACCESS_RULES = "opora.rules"
WSGI_APPLICATION = "opora.wsgi.application"

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
                "opora.notifications.context_processors.unread",
            ],
        },
    },
]

# --- data -------------------------------------------------------------------------------------
DATA_DIR = Path(envstr("OPORA_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # JIT compilation costs more than it saves on our short aggregate queries (measured in bench/).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL: поддерживается только PostgreSQL (postgres://…)")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "opora.sqlite3",
            # WAL lets pages read while an import writes; writers queue for up to 20 s instead of
            # failing with «database is locked», and take the write lock when the transaction starts.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads live outside static files and are served only through views that check the scope.
MEDIA_ROOT = DATA_DIR / "uploads"
# Never routed: files are sent by views that check the scope (MEDIA_URL must still be a path).
MEDIA_URL = "/_uploads-are-not-served/"
OPORA_MAX_UPLOAD_MB = envint("OPORA_MAX_UPLOAD_MB", 100, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = (OPORA_MAX_UPLOAD_MB + 1) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and envbool("OPORA_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- people -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: after 5 failures the account+address pair is locked for 30 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "opora.accounts.forms.login_name"
AXES_VERBOSE = False

# --- background work -----------------------------------------------------------------------
# Long work (national uploads, identification, imports) runs in the worker (`opora db_worker`,
# started by `opora serve` and `make demo`); tasks wait in the database, no other server needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- e-mail (password reset; notifications later) ---------------------------------------------
# Without EMAIL_HOST letters are printed to the server's console (the demo, a trial).
EMAIL_HOST = envstr("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Опора <opora@localhost>")
# The site's address in letters (notifications link to the page to act on).
OPORA_SITE_URL = envstr("OPORA_SITE_URL", "http://127.0.0.1:8000")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = envstr("TIME_ZONE", "Europe/Moscow")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r}: неизвестный часовой пояс") from exc
USE_I18N = True
USE_TZ = True

# --- security ---------------------------------------------------------------------------------
# Behind one reverse proxy (nginx) that sets X-Forwarded-For and X-Forwarded-Proto: the client's
# address is the last one the proxy added (login lockouts count by it), the scheme is the proxy's.
OPORA_BEHIND_PROXY = envbool("OPORA_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "opora.core.http.client_ip"
OPORA_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    if OPORA_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
