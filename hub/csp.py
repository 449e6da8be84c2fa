"""django-csp's middleware, with the two things settings alone cannot say.

- The Wagtail admin gets CSP_ADMIN_DIRECTIVES in place of the public ones: its templates carry
  inline scripts and styles. Every other directive (no other origin) still holds there.
- With media on S3, images and media load from the bucket's origin, read from the current
  settings (tests switch storage at run time).
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings


def bucket_origin():
    bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return None
    endpoint = getattr(settings, "AWS_S3_ENDPOINT_URL", None)
    if endpoint:
        parts = urlsplit(endpoint)
        return f"{parts.scheme}://{parts.netloc}"
    custom = getattr(settings, "AWS_S3_CUSTOM_DOMAIN", None)
    if custom:
        return f"https://{custom}"
    region = getattr(settings, "AWS_S3_REGION_NAME", None) or "us-east-1"
    return f"https://{bucket}.s3.{region}.amazonaws.com"


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        replace = dict(parts.replace or {})
        if request.path_info.startswith(settings.CSP_ADMIN_URL_PREFIX):
            for directive, sources in settings.CSP_ADMIN_DIRECTIVES.items():
                replace.setdefault(directive, list(sources))
        origin = bucket_origin()
        if origin:
            directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            for directive in ("img-src", "media-src"):
                sources = replace.get(directive, directives.get(directive) or [])
                replace[directive] = [*sources, origin]
        parts.replace = replace or None
        return parts
