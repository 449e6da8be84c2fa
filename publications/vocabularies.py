"""The curated lists Anap started with; editors extend them in the admin."""

THEMES = [
    "Achats",
    "Coopération",
    "Coordination des parcours",
    "Développement durable",
    "Finances",
    "Hospitalisation à domicile (HAD)",
    "Immobilier",
    "Logistique",
    "Numérique",
    "Prise en charge des patients",
    "Ressources humaines",
    "Santé mentale",
    "Urgences",
    "Grand âge et EHPAD",
    "Hôpitaux de proximité",
    "Expérience patient et usager",
]

AUDIENCES = [
    "Directeurs",
    "Présidents de CME",
    "Médecins",
    "Cadres de santé",
    "Infirmiers",
    "Urgentistes",
    "Médecins généralistes",
    "Médecins coordonnateurs d'EHPAD",
    "Équipes HAD",
    "ARS",
]
