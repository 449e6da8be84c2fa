from .base import BasePage, HubPageQuerySet
from .cache import CacheVersion, ExtractedText

__all__ = ["BasePage", "CacheVersion", "ExtractedText", "HubPageQuerySet"]
