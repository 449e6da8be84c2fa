"""Private storage for files people send (proposals, applications): never under MEDIA_URL, served only by
permission-checked views."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files live outside MEDIA_ROOT (settings.PRIVATE_MEDIA_ROOT, by default "<MEDIA_ROOT>-private").

    The location is read lazily so test settings that move MEDIA_ROOT move it too.
    `url()` refuses: there is no public address for these files.
    """

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        media_root = Path(settings.MEDIA_ROOT)
        return str(media_root.with_name(media_root.name + "-private"))

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")

    def deconstruct(self):
        return ("core.storage.PrivateStorage", (), {})


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage
