from .pages import TEXT_FEATURES, BonnePratiqueIndexPage, BonnePratiquePage
from .submissions import (
    OutgoingEmail,
    RateLimitCounter,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    UsedFormToken,
)

__all__ = [
    "TEXT_FEATURES",
    "BonnePratiqueIndexPage",
    "BonnePratiquePage",
    "OutgoingEmail",
    "RateLimitCounter",
    "Submission",
    "SubmissionEvent",
    "SubmissionFile",
    "UsedFormToken",
]
