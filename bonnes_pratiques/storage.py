"""Kept for the migrations that name it: the private storage is core.storage."""

from core.storage import PrivateStorage, get_private_storage, private_storage

__all__ = ["PrivateStorage", "get_private_storage", "private_storage"]
