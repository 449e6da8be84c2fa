from .pages import TEXT_FEATURES, BonnePratiqueIndexPage, BonnePratiquePage
from .submissions import (
    Submission,
    SubmissionEvent,
    SubmissionFile,
    UsedFormToken,
)

__all__ = [
    "TEXT_FEATURES",
    "BonnePratiqueIndexPage",
    "BonnePratiquePage",
    "Submission",
    "SubmissionEvent",
    "SubmissionFile",
    "UsedFormToken",
]
