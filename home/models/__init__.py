from .base import BasePage
from .home import HomeFeaturedKit, HomePage
from .info import InformationPage, SiteMapPage
from .news import ActualiteIndexPage, ActualitePage, ActualiteResource

__all__ = [
    "ActualiteIndexPage",
    "ActualitePage",
    "ActualiteResource",
    "BasePage",
    "HomeFeaturedKit",
    "HomePage",
    "InformationPage",
    "SiteMapPage",
]
