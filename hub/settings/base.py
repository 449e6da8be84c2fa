"""Settings shared by every environment.

Optional services are switched on by environment variables, read here once:
- DATABASE_URL: PostgreSQL (or any dj-database-url URL); SQLite otherwise.
- SEARCH_URL: an OpenSearch node, or several comma-separated; Wagtail's database search otherwise.
- AWS_STORAGE_BUCKET_NAME (+ AWS_S3_ENDPOINT_URL): media on S3; local files otherwise.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "core",
    "home",
    "publications",
    "bonnes_pratiques",
    "programmes",
    "search",
    "alerts",
    "demo",
    "catalogue",
    "dsfr",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.NulCharacterMiddleware",
    "hub.csp.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.ContentVersionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hub.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "hub.wsgi.application"

# An empty DATABASE_URL means the default too.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an import writes.
    # A 64 MB page cache and memory-mapped reads: each resource row fills a 4 KB page,
    # so SQLite's default 2 MB cache re-reads them from the OS on every request.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # The web processes and the worker take turns to write: a writer waits up to 20 s for the
    # lock (Python's default is 5 s) rather than fail with "database is locked".
    DATABASES["default"]["OPTIONS"]["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static_src"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Local media served by Django itself (hub/urls.py): dev settings only; in production the web server does it.
SERVE_MEDIA = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media on S3 (or any S3-compatible store) when a bucket is configured.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "eu-west-3")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# French error pages: templates/{400,403,404,500}.html through Django's own handlers, and this view
# for a CSRF failure (it says whether the cookie or the Referer was missing).
CSRF_FAILURE_VIEW = "hub.views.csrf_failure"
FILE_UPLOAD_PERMISSIONS = 0o644

# Content-Security-Policy (django-csp 4) on every response. hub/csp.py gives the Wagtail admin its
# own policy and adds the S3 bucket, when media are there, to img-src and media-src. No template has
# inline code: a future inline <script> takes nonce="{{ request.csp_nonce }}".
# Embeds: the hosts of core/blocks/media.py.
CSP_EMBED_HOSTS = ["https://www.youtube-nocookie.com", "https://www.dailymotion.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": CSP_EMBED_HOSTS,
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The admin's templates carry inline scripts and styles (Wagtail 8 is not yet CSP-strict):
# they are allowed there, and still nothing from another origin.
CSP_ADMIN_URL_PREFIX = "/admin/"
CSP_ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'", *CSP_EMBED_HOSTS],  # the preview panel, and the embeds it shows
}
# The site's public address (scheme, host and port, no path): every absolute URL the site
# writes starts with it (sitemap, canonical and og links, API, feeds, robots.txt, .ics, e-mails).
# The default Wagtail Site takes its host and port (core/site_tree.py); `make run` derives it from PORT.
BASE_URL = (os.environ.get("BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

# Wagtail
WAGTAIL_SITE_NAME = "Centre de ressources de l'Anap"
WAGTAILADMIN_BASE_URL = BASE_URL  # e-mails and image renditions' full_url (og:image)
WAGTAILAPI_BASE_URL = BASE_URL  # the API's detail_url and download_url
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_DOCUMENT_MODEL = "publications.HubDocument"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Office files and archives inspected for bombs and macros, PDFs for JavaScript (core/filecheck.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "publications.forms.HubDocumentForm"
# Documents are served through Django so privacy (restricted collections) is checked.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Restricted pages and documents ask for a login or a password in the site's own French DSFR pages.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "access/login.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "access/password_required.html"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "access/password_required.html"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The admin calls no other site: no Gravatar avatars, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # French stemming over unaccented words (created by search/migrations/0004).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "anap_french"

# The dedicated resource index (see search/): off unless SEARCH_URL is set.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "anap")
# Seconds per search request: several times the engine's p99 under load (docs/benchmarks.md), so
# only a stalled engine hits it. The breaker (search/backends/fallback.py) opens on
# SEARCH_BREAKER_FAILURES failures within SEARCH_BREAKER_WINDOW seconds, keeps to the database
# SEARCH_RETRY_AFTER seconds, then lets one trial request through.
SEARCH_TIMEOUT = float(os.environ.get("SEARCH_TIMEOUT", "0.5"))
SEARCH_BREAKER_FAILURES = int(os.environ.get("SEARCH_BREAKER_FAILURES", "5"))
SEARCH_BREAKER_WINDOW = float(os.environ.get("SEARCH_BREAKER_WINDOW", "10"))
SEARCH_RETRY_AFTER = float(os.environ.get("SEARCH_RETRY_AFTER", "10"))
# The worker's index updates (search.tasks.update_index): seconds per request, so a frozen engine
# holds the worker briefly (a rebuild keeps its own long timeout), and attempts before a task fails
# (about 20 minutes of retries at most 20 s apart; search.tasks.check_index repairs what is left).
SEARCH_WRITE_TIMEOUT = float(os.environ.get("SEARCH_WRITE_TIMEOUT", "10"))
SEARCH_INDEX_ATTEMPTS = int(os.environ.get("SEARCH_INDEX_ATTEMPTS", "60"))
# Each worker keeps recent search results this long (0: off); any index write drops them (search/backends/cached.py).
SEARCH_RESULT_CACHE_SECONDS = float(os.environ.get("SEARCH_RESULT_CACHE_SECONDS", "300"))
# 0: each search enqueues its query-log record for the worker (nothing lost in a crash); more: counted
# in memory and enqueued in one task at most this often (search/querylog.py).
SEARCH_QUERYLOG_FLUSH_SECONDS = float(os.environ.get("SEARCH_QUERYLOG_FLUSH_SECONDS", "0"))
# Forwards Wagtail's index updates (saves, publish, delete, bulk imports) to the resource index.
WAGTAILSEARCH_BACKENDS["resources"] = {"BACKEND": "search.indexing.wagtail_backend", "AUTO_UPDATE": True}

# "Les plus téléchargées": the ranking is recomputed at most this often (publications/stats.py).
DOWNLOAD_RANKING_CACHE_SECONDS = float(os.environ.get("DOWNLOAD_RANKING_CACHE_SECONDS", "600"))

# What pages derive from content (related resources, kits, breadcrumbs, listing counts, home
# cards) is kept under the content version, exact (core/content_version.py); 0 computes it on every request.
PAGE_MEMO = os.environ.get("PAGE_MEMO", "1") != "0"

# Per-process caches: nothing to install. "search" holds recent search results, "pages" the
# page memo (core/content_version.py): a resource page's related cards take about 10 KB.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "search": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "search-results",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-memo",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
}

# The one background worker (`manage.py worker`, core/background.py): tasks are rows of the
# database, written in the transaction of the change that needs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Tasks the worker runs on a period, in seconds: each run enqueues the next one.
PERIODIC_TASKS = {
    "search.tasks.check_index": int(os.environ.get("SEARCH_CHECK_SECONDS", "300")),  # repairs the index's drift
    "core.tasks.send_due_emails_task": 60,
    "publications.tasks.publish_scheduled_task": 60,
    "core.tasks.prune_task_results_task": 3600,
    "alerts.tasks.send_digests_task": 900,  # the digests whose turn has come (weekly or daily per alert)
    "programmes.tasks.refresh_statuses_task": 60,  # a call opened or closed: the search's "Statut" follows
}

DSFR_USE_INTEGRITY_CHECKSUMS = False

# Bonnes pratiques: community submissions (see bonnes_pratiques/).
# Submitted files live outside MEDIA_ROOT and are served only by permission-checked views;
# by default in "<MEDIA_ROOT>-private". Never expose this directory through the web server.
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", "")
# Addresses notified of new submissions, on top of the active members of the "Modérateurs" group.
MODERATION_NOTIFY_EMAILS = [e.strip() for e in os.environ.get("MODERATION_NOTIFY_EMAILS", "").split(",") if e.strip()]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@anap.fr")
# Seconds the worker waits on the mail server per step: a hung server must not hold the worker,
# nor outlast the claim on the e-mail (core.outbox.CLAIM_SECONDS).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
BONNES_PRATIQUES_MAX_FILE_SIZE = 10 * 1024 * 1024
BONNES_PRATIQUES_MAX_FILES = 5
BONNES_PRATIQUES_MIN_FILL_SECONDS = 5
BONNES_PRATIQUES_SUBMIT_LIMIT = 5  # submissions per client address per hour
OUTBOX_MAX_ATTEMPTS = 10  # attempts before an e-mail is given up (core.outbox)
# Behind reverse proxies, the header they append the client address to (e.g. "HTTP_X_FORWARDED_FOR"),
# and how many proxies append to it: the address is the N-th from the right, never the client's own
# left-most value (core/ratelimit.py). Without the header, REMOTE_ADDR.
RATELIMIT_IP_HEADER = os.environ.get("RATELIMIT_IP_HEADER", "")
RATELIMIT_TRUSTED_PROXIES = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # Django's own errors (500 tracebacks, refused requests) on the console, DEBUG on or off.
        "django": {"handlers": ["console"], "level": "WARNING"},
        "hub": {"handlers": ["console"], "level": "INFO"},
        "search": {"handlers": ["console"], "level": "INFO"},
    },
}
