from .distribution import DownloadCount, KitArchive
from .documents import HubDocument
from .index import ResourceIndexPage, ThemeIndexPage
from .resource import RelatedResource, ResourceDocument, ResourcePage
from .taxonomy import SECTOR_CHOICES, Audience, ResourceAudience, ResourceTheme, Theme
from .types import (
    FichePratiquePage,
    FlyerPage,
    KitComponent,
    KitPage,
    OutilPage,
    PublicationPage,
    WebconferencePage,
)

__all__ = [
    "SECTOR_CHOICES",
    "Audience",
    "FichePratiquePage",
    "FlyerPage",
    "DownloadCount",
    "HubDocument",
    "KitArchive",
    "KitComponent",
    "KitPage",
    "OutilPage",
    "PublicationPage",
    "RelatedResource",
    "ResourceAudience",
    "ResourceDocument",
    "ResourceIndexPage",
    "ResourcePage",
    "ResourceTheme",
    "Theme",
    "ThemeIndexPage",
    "WebconferencePage",
]
