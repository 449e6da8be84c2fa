from .base import BasePage
from .home import HomeFeaturedKit, HomePage
from .news import ActualiteIndexPage, ActualitePage, ActualiteResource

__all__ = [
    "ActualiteIndexPage",
    "ActualitePage",
    "ActualiteResource",
    "BasePage",
    "HomeFeaturedKit",
    "HomePage",
]
