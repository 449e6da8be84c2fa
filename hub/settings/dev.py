from .base import *  # noqa: F403

# DEBUG off by default, so `make run` shows the site's French error pages (400, 403, 404, 500);
# DEBUG=1 brings back Django's technical pages.
DEBUG = env_bool("DEBUG")  # noqa: F405
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key"  # noqa: F405
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# With DEBUG off, runserver serves neither static files nor media: WhiteNoise serves the static
# files straight from the apps and static_src (no collectstatic, edits seen at once), and
# hub/urls.py serves MEDIA_ROOT.
INSTALLED_APPS.insert(0, "whitenoise.runserver_nostatic")  # noqa: F405
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
