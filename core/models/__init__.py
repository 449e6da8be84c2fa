from .base import BasePage, HubPageQuerySet
from .cache import CacheVersion, ExtractedText
from .outbox import OutgoingEmail, RateLimitCounter

__all__ = ["BasePage", "CacheVersion", "ExtractedText", "HubPageQuerySet", "OutgoingEmail", "RateLimitCounter"]
