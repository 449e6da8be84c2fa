from .pages import TEXT_FEATURES, BonnePratiqueIndexPage, BonnePratiquePage
from .submissions import (
    OutgoingEmail,
    RateLimitHit,
    Submission,
    SubmissionEvent,
    SubmissionFile,
)

__all__ = [
    "TEXT_FEATURES",
    "BonnePratiqueIndexPage",
    "BonnePratiquePage",
    "OutgoingEmail",
    "RateLimitHit",
    "Submission",
    "SubmissionEvent",
    "SubmissionFile",
]
