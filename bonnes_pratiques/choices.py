from core.regions import REGION_CHOICES

STRUCTURE_TYPE_CHOICES = [
    ("had", "Hospitalisation à domicile (HAD)"),
    ("ehpad", "EHPAD"),
    ("hopital", "Hôpital"),
    ("hopital_proximite", "Hôpital de proximité"),
    ("cpts", "CPTS"),
    ("ssiad", "SSIAD"),
    ("esms", "Établissement médico-social"),
    ("autre", "Autre"),
]

__all__ = ["REGION_CHOICES", "STRUCTURE_TYPE_CHOICES"]
