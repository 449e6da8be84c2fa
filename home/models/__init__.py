from .home import HomeFeaturedKit, HomePage
from .info import InformationPage, SiteMapPage
from .news import ActualiteIndexPage, ActualitePage, ActualiteResource

__all__ = [
    "ActualiteIndexPage",
    "ActualitePage",
    "ActualiteResource",
    "HomeFeaturedKit",
    "HomePage",
    "InformationPage",
    "SiteMapPage",
]
