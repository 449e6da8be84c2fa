"""The demonstration content, as plain data.

Everything here comes from published Anap material (hospitalisation à
domicile, hôpitaux de proximité, numérique médico-social, expérience
patient). The structures of the "bonnes pratiques" and their contacts are
illustrative: their names are invented and their contacts are not public.

Conventions used by `demo.loader`:
- pages are found again by their slug, documents and images by their title;
- themes and audiences are given by name (the loader looks them up by slug);
- a body is a list of (block type, value); "document" values name a key of
  DOCUMENTS, "call_to_action" values point at a page slug or a URL;
- a document's text defaults to the text of the first page that lists it.
"""

# --- Shared figures -------------------------------------------------------

SOURCE_ATIH = "Anap, d'après les données ATIH 2022"

HAD_2022_FIGURES = {
    "heading": "L'hospitalisation à domicile en 2022",
    "figures": [
        ("288", "établissements d'HAD en France", SOURCE_ATIH),
        ("162 000", "patients pris en charge en HAD", SOURCE_ATIH),
        ("6,6 millions", "de journées d'hospitalisation à domicile", SOURCE_ATIH),
        ("+22 %", "de journées entre 2018 et 2022", "Anap, d'après les données ATIH 2018-2022"),
        ("50", "patients par jour environ : le seuil de soutenabilité économique d'une HAD", "Anap"),
    ],
}

PRESS_QUOTE = {
    "text": "L'hospitalisation à domicile est un levier de performance majeur pour le système de santé.",
    "author": "Stéphane Pardoux",
    "role": "Directeur général de l'Anap",
}

# --- Documents ------------------------------------------------------------
# key -> title, page count, optional explicit paragraphs, optional format.

CONVENTION_URGENCES_HAD = [
    "Entre l'établissement siège du service d'urgence, ci-après « l'établissement », représenté par son directeur, "
    "et l'établissement d'hospitalisation à domicile, ci-après « l'HAD », représenté par son directeur.",
    "Article 1 - Objet. La présente convention organise l'admission directe en HAD de patients pris en charge par "
    "le service d'urgence, sans hospitalisation préalable dans un service de l'établissement.",
    "Article 2 - Patients concernés. Sont concernés les patients dont l'état clinique est stabilisé, qui requièrent "
    "des soins de nature hospitalière réalisables au domicile, et qui ont donné leur accord, ainsi que leur entourage.",
    "Article 3 - Demande d'admission. L'urgentiste sollicite l'HAD par son numéro unique ou par l'infirmier de "
    "liaison présent aux urgences. Il transmet le formulaire de demande d'admission et ses prescriptions.",
    "Article 4 - Évaluation et admission. L'HAD donne un avis d'éligibilité dans l'heure ouvrée suivant la demande "
    "et s'engage, pour les situations qu'elle qualifie d'urgentes, à une première visite à domicile en moins de 24 h.",
    "Article 5 - Continuité des soins. L'HAD assure la continuité des soins 24 h/24. En cas d'aggravation, le "
    "patient peut être réadressé au service d'urgence selon une procédure de repli convenue entre les parties.",
    "Article 6 - Échanges d'informations. Les informations médicales sont transmises par messagerie sécurisée de "
    "santé et versées au dossier médical partagé, dans le respect du secret professionnel.",
    "Article 7 - Suivi. Un comité de suivi se réunit chaque semestre et examine le nombre de demandes, les délais "
    "d'admission, les motifs de refus et les retours aux urgences.",
    "Article 8 - Durée. La convention est conclue pour trois ans et renouvelable par tacite reconduction.",
]

CONVENTION_HAD_EHPAD = [
    "Entre l'établissement d'hébergement pour personnes âgées dépendantes (EHPAD), représenté par son directeur, "
    "et l'établissement d'hospitalisation à domicile (HAD), représenté par son directeur.",
    "Article 1 - Objet. La convention définit les conditions d'intervention de l'HAD auprès des résidents de "
    "l'EHPAD, sur prescription médicale et avec l'accord du résident ou de son représentant.",
    "Article 2 - Repérage et évaluation anticipée. Le médecin coordonnateur et l'équipe soignante de l'EHPAD "
    "repèrent les résidents susceptibles de relever de l'HAD. L'HAD réalise une évaluation anticipée de leur "
    "éligibilité afin de pouvoir intervenir dans la demi-journée ou la journée en cas de besoin.",
    "Article 3 - Organisation des soins. L'HAD coordonne les soins relevant de l'hospitalisation ; l'EHPAD "
    "continue d'assurer l'hébergement, l'accompagnement et les soins de base. Un plan de soins commun précise la "
    "répartition des actes entre les équipes.",
    "Article 4 - Rôle des médecins. Le médecin traitant du résident reste le prescripteur. Le médecin "
    "coordonnateur de l'HAD et le médecin coordonnateur de l'EHPAD se concertent sur les admissions et les sorties.",
    "Article 5 - Dossier et transmissions. Les équipes utilisent un support de transmission partagé et "
    "s'informent mutuellement de toute évolution de l'état du résident, y compris la nuit et le week-end.",
    "Article 6 - Formation. Les parties organisent au moins une fois par an une information croisée des équipes "
    "sur les critères d'éligibilité à l'HAD et sur les soins techniques réalisés en EHPAD.",
    "Article 7 - Suivi et évaluation. Un bilan annuel de la convention est réalisé : nombre de résidents pris en "
    "charge, délais d'intervention, hospitalisations et passages aux urgences évités.",
    "Article 8 - Durée. La convention prend effet à sa signature pour une durée d'un an, renouvelable par tacite "
    "reconduction.",
]

FORMULAIRE_DEMANDE_HAD = [
    "1. Identification du patient : nom, prénom, date de naissance, adresse du lieu de prise en charge, "
    "personne de confiance et aidant principal.",
    "2. Prescripteur : nom, service, téléphone direct, médecin traitant informé (oui / non).",
    "3. Motif de la demande : mode de prise en charge principal (soins palliatifs, pansements complexes, "
    "traitement intraveineux, assistance respiratoire ou nutritionnelle, surveillance post-chimiothérapie...).",
    "4. Date souhaitée d'admission et niveau d'urgence : admission le jour même, sous 24 h, programmée.",
    "5. Traitements en cours et prescriptions de sortie, matériel médical nécessaire, allergies connues.",
    "6. Contexte : autonomie, environnement du domicile, intervenants déjà présents (infirmier libéral, SSIAD, "
    "aide à domicile), accord du patient et de son entourage.",
    "7. Réponse de l'HAD : avis d'éligibilité, date et heure de la première visite, interlocuteur référent.",
]

QUESTIONNAIRE_EXPERIENCE_HAD = [
    "Ce questionnaire est remis au patient ou à son aidant à la fin de la prise en charge en HAD. Il est "
    "anonyme et prend moins de dix minutes.",
    "1. Avant l'admission : vous a-t-on expliqué ce qu'est l'hospitalisation à domicile et ce qui allait se passer ?",
    "2. À l'arrivée : le matériel et les médicaments étaient-ils prêts au moment convenu ?",
    "3. Pendant les soins : saviez-vous qui appeler, de jour comme de nuit ? Avez-vous obtenu une réponse rapide ?",
    "4. Votre entourage : votre aidant s'est-il senti soutenu et informé ?",
    "5. La coordination : les professionnels se transmettaient-ils bien les informations vous concernant ?",
    "6. La fin de la prise en charge : la suite vous a-t-elle été expliquée ?",
    "7. Recommanderiez-vous l'HAD à un proche ? Qu'aurions-nous pu faire mieux ?",
]

DOCUMENTS = {
    "flyer-urgentistes": {"title": "Flyer - Urgentistes : recourir à l'HAD en 5 étapes", "pages": 2},
    "fiche-idel-urgences": {"title": "Fiche pratique - L'infirmier de liaison HAD aux urgences", "pages": 4},
    "synthese-occitanie": {
        "title": "Synthèse - Sorties directes des urgences en HAD, expérimentation en Occitanie",
        "pages": 16,
    },
    "convention-urgences-had": {
        "title": "Modèle de convention urgences-HAD",
        "pages": 6,
        "paragraphs": CONVENTION_URGENCES_HAD,
    },
    "kit-urgences-mode-emploi": {
        "title": "Kit admissions directes en HAD depuis les urgences - mode d'emploi",
        "pages": 4,
    },
    "guide-admission-reactif": {
        "title": "Admission en HAD : comment être réactif ? 4 leviers organisationnels, 20 conseils opérationnels",
        "pages": 32,
    },
    "formulaire-demande-had": {
        "title": "Modèle de formulaire de demande d'admission en HAD",
        "pages": 3,
        "paragraphs": FORMULAIRE_DEMANDE_HAD,
    },
    "tableau-de-bord-demandes-csv": {
        "title": "Tableau de bord de gestion des demandes d'admission en HAD (modèle CSV)",
        "format": "csv",
        "rows": [
            [
                "Date de la demande",
                "Heure",
                "Service prescripteur",
                "Mode de prise en charge principal",
                "Niveau d'urgence",
                "Avis d'éligibilité (h)",
                "Date d'admission",
                "Délai demande-admission (h)",
                "Décision",
                "Motif de refus",
            ],
            [
                "2023-05-02",
                "09:40",
                "Urgences",
                "Traitement intraveineux",
                "Sous 24 h",
                "1",
                "2023-05-02",
                "7",
                "Admis",
                "",
            ],
            [
                "2023-05-02",
                "14:15",
                "Médecine polyvalente",
                "Pansements complexes",
                "Programmée",
                "3",
                "2023-05-04",
                "46",
                "Admis",
                "",
            ],
            [
                "2023-05-03",
                "11:05",
                "Oncologie",
                "Soins palliatifs",
                "Le jour même",
                "1",
                "2023-05-03",
                "5",
                "Admis",
                "",
            ],
            [
                "2023-05-03",
                "16:50",
                "EHPAD Les Tilleuls",
                "Soins palliatifs",
                "Sous 24 h",
                "2",
                "",
                "",
                "Refusé",
                "Hors zone d'intervention",
            ],
            [
                "2023-05-04",
                "10:20",
                "Médecin traitant",
                "Assistance nutritionnelle",
                "Programmée",
                "4",
                "2023-05-09",
                "120",
                "Admis",
                "",
            ],
        ],
    },
    "tableau-de-bord-notice": {
        "title": "Notice - Tableau de bord de gestion des demandes d'admission en HAD",
        "pages": 5,
    },
    "fiche-recours-domicile": {"title": "Fiche pratique - Recours à l'HAD depuis le domicile", "pages": 4},
    "fiche-recours-esms": {
        "title": "Fiche pratique - Recours à l'HAD depuis les établissements médico-sociaux",
        "pages": 4,
    },
    "publication-had-ehpad": {"title": "HAD et EHPAD : structurer le parcours gériatrique", "pages": 28},
    "convention-had-ehpad": {
        "title": "Modèle de convention de partenariat HAD-EHPAD",
        "pages": 8,
        "paragraphs": CONVENTION_HAD_EHPAD,
    },
    "kit-ehpad-mode-emploi": {"title": "Kit HAD et EHPAD - mode d'emploi", "pages": 4},
    "slides-reflexe-had": {
        "title": "Support de présentation - Favoriser le réflexe HAD pour réduire la tension sur les lits",
        "pages": 36,
    },
    "guide-hopitaux-proximite": {"title": "Hôpital de proximité : tout savoir sur la labellisation", "pages": 12},
    "notice-dataviz-hp": {"title": "Notice - Data-visualisation des hôpitaux de proximité", "pages": 6},
    "cahier-charges-appui-had": {"title": "Cahier des charges - Appui terrain HAD", "pages": 4},
    "cahier-charges-appui-hp": {"title": "Cahier des charges - Appui terrain hôpitaux de proximité", "pages": 4},
    "cahier-charges-appui-ep": {"title": "Cahier des charges - Appui terrain expérience patient", "pages": 4},
    "publication-7-leviers": {"title": "7 leviers pour le numérique dans le médico-social", "pages": 24},
    "publication-experience-had": {
        "title": "Expérience patient en HAD : recueillir et utiliser la parole des patients et des aidants",
        "pages": 20,
    },
    "fiche-patients-partenaires": {"title": "Fiche pratique - Associer des patients partenaires", "pages": 6},
    "questionnaire-experience-had": {
        "title": "Modèle de questionnaire d'expérience des patients et des aidants en HAD",
        "pages": 2,
        "paragraphs": QUESTIONNAIRE_EXPERIENCE_HAD,
    },
    "rex-dematerialisation": {
        "title": "Retour d'expérience - Dématérialiser les demandes d'admission en HAD",
        "pages": 6,
    },
    "rex-teleconsultation": {"title": "Retour d'expérience - Téléconsultation entre HAD et EHPAD", "pages": 5},
    "rex-telesurveillance": {"title": "Retour d'expérience - Télésurveillance des patients en HAD", "pages": 5},
}

# --- Resources (children of the "ressources" index) -----------------------

RESOURCES = [
    # Kit 1: admissions directes en HAD depuis les urgences ---------------
    {
        "type": "flyer",
        "slug": "urgentistes-recourir-had-5-etapes",
        "title": "Urgentistes : recourir à l'HAD en 5 étapes",
        "summary": (
            "Un patient des urgences peut rentrer chez lui en hospitalisation à domicile sans passer par un "
            "service d'hospitalisation. Ce flyer guide l'urgentiste, du repérage à la sortie, en cinq étapes."
        ),
        "date": "2023-12-05",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Urgences"],
        "audiences": ["Urgentistes", "Médecins", "Infirmiers"],
        "body": [
            (
                "paragraph",
                "<p>L'hospitalisation à domicile (HAD) est une hospitalisation à part entière : elle assure, au "
                "domicile du patient ou dans l'établissement médico-social où il vit, des soins médicaux et "
                "paramédicaux continus et coordonnés, 24 h/24 et 7 j/7. Depuis les urgences, elle évite une "
                "hospitalisation conventionnelle quand l'état du patient le permet, et libère des lits d'aval.</p>"
                "<h2>Les 5 étapes</h2>"
                "<ol>"
                "<li><b>Repérer le patient éligible.</b> Il a besoin de soins de nature hospitalière "
                "(antibiothérapie intraveineuse, pansements complexes, soins palliatifs, surveillance rapprochée), "
                "son état est stabilisé, son domicile s'y prête et il est d'accord, ainsi que son entourage.</li>"
                "<li><b>Appeler l'HAD.</b> Le numéro unique de l'HAD ou l'infirmier de liaison présent aux urgences "
                "donne un premier avis d'éligibilité dès l'appel.</li>"
                "<li><b>Prescrire.</b> Remplissez la demande d'admission et rédigez les prescriptions de sortie : "
                "traitements, soins, matériel. Joignez le compte rendu de passage.</li>"
                "<li><b>Organiser la sortie avec l'HAD.</b> L'HAD évalue le patient, fait livrer le matériel et les "
                "médicaments, convient du transport et de l'heure de la première visite à domicile.</li>"
                "<li><b>Informer et transmettre.</b> Prévenez le médecin traitant, remettez au patient les "
                "coordonnées de l'HAD et transmettez le dossier par messagerie sécurisée de santé.</li>"
                "</ol>",
            ),
            (
                "key_figures",
                {
                    "heading": "Une sortie directe, c'est",
                    "figures": [
                        ("5", "étapes, de l'appel à l'HAD à la sortie du patient"),
                        ("24 h/24", "de continuité des soins assurée par l'HAD"),
                        ("< 24 h", "entre la demande et la première visite pour les situations urgentes"),
                    ],
                },
            ),
            (
                "quote",
                {
                    "text": (
                        "Avant, l'HAD était pour nous une option pour plus tard, après le service. Aujourd'hui, "
                        "on y pense dès le box : un appel, et l'infirmière de liaison prend le relais."
                    ),
                    "author": "Médecin urgentiste",
                    "role": "Établissement participant à l'expérimentation en Occitanie",
                },
            ),
            (
                "document",
                {
                    "document": "flyer-urgentistes",
                    "title": "Le flyer à afficher en salle de soins",
                    "description": "Format A4 recto verso, prêt à imprimer.",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Tout le kit pour les urgences",
                    "text": "Fiche sur l'infirmier de liaison, synthèse de l'expérimentation et modèle de convention.",
                    "button_label": "Découvrir le kit",
                    "page": "kit-admissions-directes-had-urgences",
                },
            ),
        ],
        "documents": ["flyer-urgentistes"],
        "related": ["infirmier-liaison-urgences-had", "admission-had-comment-etre-reactif"],
    },
    {
        "type": "fiche_pratique",
        "slug": "infirmier-liaison-urgences-had",
        "title": "L'infirmier de liaison aux urgences : organiser une sortie en HAD en moins de 24 h",
        "summary": (
            "Présent aux urgences, l'infirmier de liaison HAD repère les patients éligibles, évalue leur "
            "situation avec l'urgentiste et organise leur retour à domicile en moins de 24 heures. Missions, "
            "positionnement et indicateurs de suivi."
        ),
        "date": "2023-12-05",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Urgences", "Coordination des parcours"],
        "audiences": ["Infirmiers", "Cadres de santé", "Urgentistes", "Équipes HAD"],
        "body": [
            (
                "paragraph",
                "<p>L'infirmier de liaison est le trait d'union entre le service d'urgence et l'HAD. Salarié de "
                "l'HAD ou de l'établissement, il passe chaque jour aux urgences, aux heures où les décisions "
                "d'orientation se prennent.</p>"
                "<h2>Ses missions</h2>"
                "<ul>"
                "<li>repérer, avec les urgentistes, les patients qui pourraient rentrer à domicile en HAD ;</li>"
                "<li>évaluer l'éligibilité : besoins en soins, situation au domicile, accord du patient et de "
                "l'aidant ;</li>"
                "<li>recueillir l'accord du médecin praticien de l'HAD et faire le retour au prescripteur ;</li>"
                "<li>organiser la sortie : matériel, médicaments, transport, première visite ;</li>"
                "<li>former les équipes des urgences aux critères d'éligibilité à l'HAD.</li>"
                "</ul>"
                "<h2>Les conditions de réussite</h2>"
                "<p>Une présence régulière et visible aux urgences, un numéro d'appel unique, une procédure "
                "écrite partagée avec le chef de service et un retour systématique aux urgentistes sur le devenir "
                "des patients orientés.</p>",
            ),
            (
                "key_figures",
                {
                    "heading": "Ce que l'on peut attendre",
                    "figures": [
                        ("< 24 h", "entre le passage aux urgences et l'arrivée de l'HAD au domicile"),
                        (
                            "½ j à 24 h",
                            "de réactivité gagnée avec un infirmier de liaison ou un guichet unique",
                            "Anap, Admission en HAD : comment être réactif ?, 2023",
                        ),
                    ],
                },
            ),
            (
                "paragraph",
                "<h2>Suivre l'activité</h2>"
                "<p>Quelques indicateurs suffisent : nombre de patients repérés, nombre d'admissions réalisées, "
                "délai entre la demande et l'admission, motifs de non-admission et retours aux urgences dans les "
                "sept jours.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Je passe aux urgences tous les matins à 9 h et en début d'après-midi. Les urgentistes "
                        "savent qu'ils peuvent m'appeler : la moitié des orientations se décident dans le couloir."
                    ),
                    "author": "Infirmière de liaison HAD",
                    "role": "Centre hospitalier participant à l'expérimentation",
                },
            ),
            ("document", {"document": "fiche-idel-urgences"}),
            (
                "call_to_action",
                {
                    "title": "Réduire les délais d'admission",
                    "text": "Les 4 leviers organisationnels et 20 conseils opérationnels de l'Anap.",
                    "button_label": "Lire la publication",
                    "page": "admission-had-comment-etre-reactif",
                },
            ),
        ],
        "documents": ["fiche-idel-urgences"],
        "related": ["urgentistes-recourir-had-5-etapes", "sorties-directes-urgences-had-occitanie"],
    },
    {
        "type": "publication",
        "slug": "sorties-directes-urgences-had-occitanie",
        "title": "Sorties directes des urgences en HAD : synthèse de l'expérimentation en Occitanie",
        "summary": (
            "Évalué dans 15 établissements d'Occitanie, le dispositif expérimental de sorties directes des "
            "urgences en HAD montre qu'un patient peut être hospitalisé chez lui sans occuper un lit d'aval. "
            "Enseignements, conditions de réussite et points de vigilance."
        ),
        "date": "2023-12-05",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Urgences", "Coordination des parcours"],
        "audiences": ["Directeurs", "Urgentistes", "Équipes HAD", "ARS"],
        "body": [
            (
                "paragraph",
                "<h2>Le dispositif</h2>"
                "<p>Dans 15 établissements d'Occitanie, services d'urgence et établissements d'HAD ont organisé "
                "ensemble la sortie directe de patients des urgences vers une hospitalisation à domicile. Un "
                "infirmier de liaison, une procédure commune et un engagement de réactivité de l'HAD forment le "
                "socle du dispositif.</p>"
                "<h2>Ce que montre l'évaluation</h2>"
                "<ul>"
                "<li>les sorties directes sont faisables et sûres lorsque l'éligibilité est évaluée conjointement "
                "par l'urgentiste et l'HAD ;</li>"
                "<li>patients et aidants apprécient de rentrer chez eux le jour même ou le lendemain ;</li>"
                "<li>chaque sortie directe évite une hospitalisation conventionnelle et libère un lit d'aval ;</li>"
                "<li>le principal frein reste la méconnaissance de l'HAD par les équipes des urgences.</li>"
                "</ul>",
            ),
            (
                "key_figures",
                {
                    "heading": "L'expérimentation en bref",
                    "figures": [
                        ("15", "établissements d'Occitanie évalués"),
                        ("1", "infirmier de liaison comme interlocuteur unique des urgences"),
                        ("< 24 h", "pour organiser la sortie du patient vers son domicile"),
                    ],
                },
            ),
            (
                "paragraph",
                "<h2>Conditions de réussite</h2>"
                "<ol>"
                "<li>Un portage commun par la direction, le chef de service des urgences et l'HAD.</li>"
                "<li>Une convention qui fixe les critères, les délais et la procédure de repli.</li>"
                "<li>Une présence quotidienne de l'HAD aux urgences, au moins aux heures de pointe.</li>"
                "<li>Une information régulière des urgentistes, y compris des internes à chaque semestre.</li>"
                "<li>Un suivi partagé de quelques indicateurs simples.</li>"
                "</ol>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Le plus difficile n'a pas été l'organisation, mais de changer le réflexe des équipes : "
                        "penser domicile avant de penser lit."
                    ),
                    "author": "Directrice d'un établissement d'HAD",
                    "role": "Occitanie",
                },
            ),
            ("document", {"document": "synthese-occitanie", "title": "La synthèse de l'évaluation"}),
            (
                "call_to_action",
                {
                    "title": "Passer à l'action",
                    "text": "Le flyer en 5 étapes pour les urgentistes de votre établissement.",
                    "button_label": "Voir le flyer",
                    "page": "urgentistes-recourir-had-5-etapes",
                },
            ),
        ],
        "documents": ["synthese-occitanie"],
        "related": ["infirmier-liaison-urgences-had", "webconference-reflexe-had-tension-lits"],
    },
    {
        "type": "kit",
        "slug": "kit-admissions-directes-had-urgences",
        "title": "Admissions directes en HAD depuis les urgences",
        "summary": (
            "Un kit pour faire de l'HAD un réflexe aux urgences : un flyer pour les urgentistes, une fiche sur "
            "l'infirmier de liaison, la synthèse de l'expérimentation menée en Occitanie et un modèle de "
            "convention entre service d'urgence et HAD."
        ),
        "date": "2023-12-05",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Urgences"],
        "audiences": ["Directeurs", "Urgentistes", "Équipes HAD", "Cadres de santé"],
        "body": [
            (
                "paragraph",
                "<p>Chaque jour, des patients restent aux urgences dans l'attente d'un lit alors qu'ils pourraient "
                "être hospitalisés chez eux. Ce kit rassemble les outils qui ont fait leurs preuves dans les "
                "établissements pilotes pour organiser des admissions directes en HAD depuis les urgences.</p>"
                "<h2>Dans ce kit</h2>"
                "<ul>"
                "<li>un <b>flyer</b> pour guider les urgentistes en 5 étapes ;</li>"
                "<li>une <b>fiche pratique</b> sur l'infirmier de liaison aux urgences ;</li>"
                "<li>la <b>synthèse</b> de l'expérimentation évaluée dans 15 établissements d'Occitanie ;</li>"
                "<li>un <b>modèle de convention</b> entre service d'urgence et HAD, à adapter.</li>"
                "</ul>",
            ),
            ("key_figures", HAD_2022_FIGURES),
            ("quote", PRESS_QUOTE),
            (
                "call_to_action",
                {
                    "title": "Revoir la webconférence",
                    "text": "Favoriser le réflexe HAD pour réduire la tension sur les lits.",
                    "button_label": "Voir le replay",
                    "page": "webconference-reflexe-had-tension-lits",
                },
            ),
        ],
        "documents": ["kit-urgences-mode-emploi", "convention-urgences-had"],
        "components": [
            ("flyer", "urgentistes-recourir-had-5-etapes"),
            ("fiche", "infirmier-liaison-urgences-had"),
            ("synthese", "sorties-directes-urgences-had-occitanie"),
            ("modele", {"document": "convention-urgences-had"}),
        ],
        "related": ["admission-had-comment-etre-reactif", "kit-had-ehpad"],
    },
    # Admission en HAD : réactivité ------------------------------------------
    {
        "type": "publication",
        "slug": "admission-had-comment-etre-reactif",
        "title": "Admission en HAD : comment être réactif ?",
        "summary": (
            "4 leviers organisationnels et 20 conseils opérationnels pour réduire le délai entre la demande "
            "d'HAD et l'arrivée du patient à domicile, à l'usage des établissements d'HAD comme des prescripteurs."
        ),
        "date": "2023-05-25",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Coordination des parcours", "Prise en charge des patients"],
        "audiences": ["Directeurs", "Équipes HAD", "Médecins", "Cadres de santé"],
        "body": [
            (
                "paragraph",
                "<p>La réactivité de l'HAD conditionne la confiance des prescripteurs : un service qui ne peut pas "
                "sortir un patient dans la journée se tourne vers une autre solution. Cette publication identifie "
                "ce qui fait gagner du temps, pour chaque acteur.</p>"
                "<h2>4 leviers organisationnels</h2>"
                "<ol>"
                "<li><b>Mettre en place un infirmier de liaison HAD ou un guichet unique</b> au sein de "
                "l'établissement prescripteur : il aide au repérage, facilite la demande et analyse l'éligibilité.</li>"
                "<li><b>Définir un parcours type de prise en charge commune</b> entre l'HAD et les services "
                "prescripteurs, pour les situations les plus fréquentes.</li>"
                "<li><b>Admettre en moins de 24 heures</b> les situations urgentes : l'infirmier de coordination "
                "se déplace dès l'appel, évaluation, admission et accueil ont lieu lors de la même visite.</li>"
                "<li><b>Généraliser l'évaluation anticipée en ESMS</b> pour les résidents dont l'état peut se "
                "dégrader à courte échéance, afin d'intervenir dans la demi-journée ou la journée.</li>"
                "</ol>"
                "<p>Pour chaque levier, la publication précise les clés de la réactivité, le gain obtenu et "
                "comment passer à l'action.</p>",
            ),
            (
                "key_figures",
                {
                    "heading": "La publication en chiffres",
                    "figures": [
                        ("4", "leviers organisationnels"),
                        ("20", "conseils opérationnels : 10 pour les HAD, 10 pour les prescripteurs"),
                        ("½ j à 24 h", "de gain de réactivité avec un infirmier de liaison"),
                    ],
                },
            ),
            (
                "paragraph",
                "<h2>Quelques conseils opérationnels</h2>"
                "<ul>"
                "<li>Publier un numéro d'appel unique, joignable 7 j/7, et l'afficher dans les services.</li>"
                "<li>Répondre à toute demande par un avis d'éligibilité dans l'heure ouvrée.</li>"
                "<li>Utiliser un formulaire de demande commun, court et dématérialisé.</li>"
                "<li>Anticiper la sortie dès l'admission dans le service prescripteur.</li>"
                "<li>Suivre les délais et les motifs de refus dans un tableau de bord partagé.</li>"
                "</ul>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Nous avons compté : entre l'appel du service et l'arrivée de l'infirmière au domicile, "
                        "la moitié du temps partait en allers-retours de documents. Le formulaire unique a tout changé."
                    ),
                    "author": "Cadre de santé",
                    "role": "Établissement d'HAD",
                },
            ),
            ("document", {"document": "guide-admission-reactif", "title": "La publication complète"}),
            (
                "call_to_action",
                {
                    "title": "Les outils associés",
                    "text": "Modèle de formulaire de demande et modèle de tableau de bord, prêts à adapter.",
                    "button_label": "Télécharger le formulaire",
                    "page": "modele-formulaire-demande-admission-had",
                },
            ),
        ],
        "documents": ["guide-admission-reactif"],
        "related": [
            "modele-formulaire-demande-admission-had",
            "modele-tableau-de-bord-demandes-had",
            "webconference-reflexe-had-tension-lits",
        ],
    },
    {
        "type": "outil",
        "slug": "modele-formulaire-demande-admission-had",
        "title": "Modèle de formulaire de demande d'admission en HAD",
        "summary": (
            "Un formulaire commun aux prescripteurs et à l'HAD, qui réunit en deux pages tout ce qu'il faut pour "
            "rendre un avis d'éligibilité sans rappeler le service."
        ),
        "date": "2023-05-25",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Coordination des parcours"],
        "audiences": ["Médecins", "Infirmiers", "Équipes HAD"],
        "tool_kind": "modele",
        "tool_file": "formulaire-demande-had",
        "body": [
            (
                "paragraph",
                "<p>Ce modèle accompagne la publication « Admission en HAD : comment être réactif ? ». Il est "
                "conçu pour être rempli en moins de cinq minutes par le service prescripteur et transmis par "
                "messagerie sécurisée de santé.</p>"
                "<h2>Ce que contient le formulaire</h2>"
                "<ul>"
                "<li>l'identification du patient, de la personne de confiance et de l'aidant ;</li>"
                "<li>le motif de la demande et le mode de prise en charge principal ;</li>"
                "<li>le niveau d'urgence et la date souhaitée d'admission ;</li>"
                "<li>les traitements, prescriptions de sortie et matériel nécessaire ;</li>"
                "<li>le contexte au domicile et les intervenants déjà présents ;</li>"
                "<li>la réponse de l'HAD et l'heure de la première visite.</li>"
                "</ul>"
                "<p>Adaptez-le à votre territoire : logo, numéro d'appel unique, zone d'intervention.</p>",
            ),
            ("document", {"document": "formulaire-demande-had", "title": "Le formulaire à personnaliser"}),
            (
                "call_to_action",
                {
                    "title": "Pourquoi un formulaire commun ?",
                    "text": "Il fait partie des 20 conseils opérationnels de l'Anap pour des admissions plus rapides.",
                    "button_label": "Lire la publication",
                    "page": "admission-had-comment-etre-reactif",
                },
            ),
        ],
        "documents": ["formulaire-demande-had"],
        "related": ["admission-had-comment-etre-reactif", "modele-tableau-de-bord-demandes-had"],
    },
    {
        "type": "outil",
        "slug": "modele-tableau-de-bord-demandes-had",
        "title": "Modèle de tableau de bord de gestion des demandes d'admission en HAD",
        "summary": (
            "Un tableau de bord simple pour suivre chaque demande d'admission, de l'appel à l'arrivée au "
            "domicile : délais, décisions et motifs de refus, par service prescripteur."
        ),
        "date": "2023-05-25",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Prise en charge des patients"],
        "audiences": ["Directeurs", "Équipes HAD", "Cadres de santé"],
        "tool_kind": "tableau_de_bord",
        "tool_file": "tableau-de-bord-demandes-csv",
        "body": [
            (
                "paragraph",
                "<p>On ne réduit bien que ce que l'on mesure. Ce modèle propose une ligne par demande et calcule "
                "les indicateurs de réactivité à présenter chaque mois à l'équipe et aux prescripteurs.</p>"
                "<h2>Les indicateurs suivis</h2>"
                "<ul>"
                "<li>nombre de demandes reçues, par service prescripteur et par mode de prise en charge ;</li>"
                "<li>délai de l'avis d'éligibilité ;</li>"
                "<li>délai entre la demande et l'admission ;</li>"
                "<li>taux et motifs de refus.</li>"
                "</ul>"
                "<p>Le fichier est fourni au format CSV, lisible par tous les tableurs ; la notice explique comment "
                "construire les graphiques mensuels.</p>",
            ),
            (
                "key_figures",
                {
                    "heading": "Un outil léger",
                    "figures": [
                        ("10", "colonnes à renseigner par demande"),
                        ("4", "indicateurs de réactivité calculés"),
                    ],
                },
            ),
            ("document", {"document": "tableau-de-bord-notice", "title": "La notice d'utilisation"}),
            (
                "call_to_action",
                {
                    "title": "Compléter avec le formulaire de demande",
                    "button_label": "Voir le modèle de formulaire",
                    "page": "modele-formulaire-demande-admission-had",
                },
            ),
        ],
        "documents": [("tableau-de-bord-demandes-csv", "Le tableau de bord (CSV)"), "tableau-de-bord-notice"],
        "related": ["admission-had-comment-etre-reactif"],
    },
    # Recours à l'HAD ---------------------------------------------------------
    {
        "type": "fiche_pratique",
        "slug": "recours-had-depuis-le-domicile",
        "title": "Recours à l'HAD depuis le domicile",
        "summary": (
            "Médecin traitant, infirmier libéral, service de soins à domicile : comment demander une HAD pour un "
            "patient qui vit chez lui, sans passage par l'hôpital. Critères, circuit de la demande et rôle de chacun."
        ),
        "date": "2024-03-19",
        "sector": "ville",
        "themes": ["Hospitalisation à domicile (HAD)", "Coordination des parcours"],
        "audiences": ["Médecins généralistes", "Infirmiers", "Équipes HAD"],
        "body": [
            (
                "paragraph",
                "<p>Une HAD peut être prescrite directement depuis le domicile, par le médecin traitant ou un "
                "médecin spécialiste. Elle évite alors un passage aux urgences et une hospitalisation "
                "conventionnelle, tout en gardant le patient dans son environnement.</p>"
                "<h2>Quand y penser ?</h2>"
                "<ul>"
                "<li>des soins complexes ou fréquents dépassent ce que l'infirmier libéral peut assurer seul ;</li>"
                "<li>une aggravation nécessite une surveillance rapprochée, de jour comme de nuit ;</li>"
                "<li>une fin de vie à domicile est souhaitée par le patient et son entourage.</li>"
                "</ul>"
                "<h2>Le circuit de la demande</h2>"
                "<ol>"
                "<li>Le médecin appelle l'HAD de son secteur ; un premier avis est donné au téléphone.</li>"
                "<li>L'HAD évalue le patient à domicile, avec l'infirmier libéral s'il intervient déjà.</li>"
                "<li>Le projet de soins est validé avec le médecin traitant, qui reste le médecin du patient.</li>"
                "<li>L'HAD coordonne les soins, en s'appuyant sur les professionnels libéraux qui le souhaitent.</li>"
                "</ol>",
            ),
            ("key_figures", HAD_2022_FIGURES),
            (
                "quote",
                {
                    "text": (
                        "Je reste le médecin de ma patiente ; l'HAD m'apporte une équipe, la nuit et le week-end. "
                        "C'est ce qui m'a permis de l'accompagner chez elle jusqu'au bout."
                    ),
                    "author": "Médecin généraliste",
                    "role": "Exercice en maison de santé pluriprofessionnelle",
                },
            ),
            ("document", {"document": "fiche-recours-domicile"}),
            (
                "call_to_action",
                {
                    "title": "Et en établissement médico-social ?",
                    "button_label": "Lire la fiche",
                    "page": "recours-had-depuis-les-etablissements-medico-sociaux",
                },
            ),
        ],
        "documents": ["fiche-recours-domicile"],
        "related": ["recours-had-depuis-les-etablissements-medico-sociaux", "modele-formulaire-demande-admission-had"],
    },
    {
        "type": "fiche_pratique",
        "slug": "recours-had-depuis-les-etablissements-medico-sociaux",
        "title": "Recours à l'HAD depuis les établissements médico-sociaux",
        "summary": (
            "En EHPAD comme en établissement pour personnes en situation de handicap, l'HAD intervient sur le "
            "lieu de vie du résident. Conditions d'intervention, convention, évaluation anticipée et partage des "
            "rôles avec l'équipe de l'établissement."
        ),
        "date": "2024-03-19",
        "sector": "medico-social",
        "themes": ["Hospitalisation à domicile (HAD)", "Grand âge et EHPAD", "Coordination des parcours"],
        "audiences": ["Médecins coordonnateurs d'EHPAD", "Directeurs", "Équipes HAD", "Infirmiers"],
        "body": [
            (
                "paragraph",
                "<p>Depuis 2007 en EHPAD, et depuis 2013 dans l'ensemble des établissements sociaux et "
                "médico-sociaux, l'HAD peut intervenir auprès des résidents. Le résident reste dans son lieu de "
                "vie, entouré de l'équipe qu'il connaît, et bénéficie de soins de niveau hospitalier.</p>"
                "<h2>Les conditions</h2>"
                "<ul>"
                "<li>une convention entre l'établissement et l'HAD, qui précise le rôle de chacun ;</li>"
                "<li>une prescription médicale, en lien avec le médecin traitant et le médecin coordonnateur ;</li>"
                "<li>l'accord du résident ou de son représentant.</li>"
                "</ul>"
                "<h2>L'évaluation anticipée</h2>"
                "<p>Pour les résidents dont l'état de santé peut se dégrader à courte échéance et qui ont exprimé "
                "le souhait de ne pas être transférés à l'hôpital, l'HAD évalue l'éligibilité en amont. Le jour "
                "venu, l'équipe de l'établissement appelle l'HAD, 24 h/24, qui intervient dans la demi-journée "
                "ou la journée.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "L'évaluation anticipée a changé nos nuits : quand l'état d'un résident se dégrade, on "
                        "sait qui appeler, et on n'appelle plus le 15 par défaut."
                    ),
                    "author": "Infirmière coordinatrice",
                    "role": "EHPAD",
                },
            ),
            ("document", {"document": "fiche-recours-esms"}),
            (
                "call_to_action",
                {
                    "title": "Tous les outils HAD et EHPAD",
                    "text": "Publication, modèle de convention de partenariat et formulaire de demande.",
                    "button_label": "Voir le kit HAD et EHPAD",
                    "page": "kit-had-ehpad",
                },
            ),
        ],
        "documents": ["fiche-recours-esms"],
        "related": ["had-ehpad-structurer-parcours-geriatrique", "recours-had-depuis-le-domicile"],
    },
    # HAD et EHPAD --------------------------------------------------------------
    {
        "type": "publication",
        "slug": "had-ehpad-structurer-parcours-geriatrique",
        "title": "HAD et EHPAD : structurer le parcours gériatrique avec l'hospitalisation à domicile",
        "summary": (
            "Éviter aux résidents d'EHPAD des passages aux urgences et des hospitalisations, c'est possible avec "
            "l'HAD. Cette publication aide EHPAD et HAD à structurer leur coopération : repérage, évaluation "
            "anticipée, convention, organisation des interventions et suivi."
        ),
        "date": "2023-12-05",
        "sector": "medico-social",
        "themes": ["Hospitalisation à domicile (HAD)", "Grand âge et EHPAD", "Coopération"],
        "audiences": ["Directeurs", "Médecins coordonnateurs d'EHPAD", "Équipes HAD", "ARS"],
        "body": [
            (
                "paragraph",
                "<p>Les résidents d'EHPAD sont âgés, souvent polypathologiques, et une hospitalisation leur fait "
                "courir des risques propres : désorientation, perte d'autonomie, infections. L'HAD leur apporte "
                "des soins hospitaliers sur place. Encore faut-il que la coopération entre l'EHPAD et l'HAD soit "
                "organisée avant l'urgence.</p>"
                "<h2>Structurer le parcours en quatre temps</h2>"
                "<ol>"
                "<li><b>Se connaître</b> : rencontre des équipes, présentation des critères d'éligibilité.</li>"
                "<li><b>Conventionner</b> : un partenariat écrit qui répartit les rôles et fixe les délais.</li>"
                "<li><b>Anticiper</b> : repérer les résidents fragiles et réaliser l'évaluation anticipée.</li>"
                "<li><b>Suivre</b> : un bilan annuel partagé, résident par résident.</li>"
                "</ol>",
            ),
            (
                "quote",
                {
                    "text": (
                        "La convention n'est pas une formalité : c'est en l'écrivant ensemble que nous avons "
                        "compris ce que chaque équipe attendait de l'autre."
                    ),
                    "author": "Médecin coordonnateur",
                    "role": "EHPAD public autonome",
                },
            ),
            (
                "document",
                {
                    "document": "convention-had-ehpad",
                    "description": "Le modèle de convention de partenariat HAD-EHPAD, à adapter localement.",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Le kit HAD et EHPAD",
                    "text": "Cette publication, la fiche de recours, la convention et le formulaire de demande.",
                    "button_label": "Ouvrir le kit",
                    "page": "kit-had-ehpad",
                },
            ),
        ],
        "documents": ["publication-had-ehpad", "convention-had-ehpad"],
        "related": ["recours-had-depuis-les-etablissements-medico-sociaux", "teleconsultation-had-ehpad"],
    },
    {
        "type": "webconference",
        "slug": "webconference-reflexe-had-tension-lits",
        "title": "Favoriser le réflexe HAD pour réduire la tension sur les lits",
        "summary": (
            "Une heure pour comprendre comment l'hospitalisation à domicile soulage les services en tension : "
            "les leviers de réactivité, les sorties directes des urgences et le recours à l'HAD en EHPAD, avec des "
            "établissements qui l'ont fait."
        ),
        "date": "2023-06-15",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Urgences", "Coordination des parcours"],
        "audiences": ["Directeurs", "Présidents de CME", "Équipes HAD", "Urgentistes"],
        "event_start": "2023-06-15 13:00",
        "duration_minutes": 60,
        # A marked stand-in (.example never serves anything): the page says "vidéo de démonstration".
        "replay_url": "https://videos.anap.example/webconference-reflexe-had-tension-lits",
        "slides": "slides-reflexe-had",
        "body": [
            (
                "paragraph",
                "<h2>Au programme</h2>"
                "<ul>"
                "<li>l'HAD en chiffres et sa place dans la gestion des lits ;</li>"
                "<li>les 4 leviers pour des admissions plus rapides ;</li>"
                "<li>retour d'expérience : les sorties directes des urgences en HAD ;</li>"
                "<li>retour d'expérience : l'évaluation anticipée en EHPAD ;</li>"
                "<li>questions des participants.</li>"
                "</ul>",
            ),
            ("key_figures", HAD_2022_FIGURES),
            (
                "quote",
                {
                    "text": (
                        "Quand les lits manquent, la question n'est pas seulement où trouver un lit, mais quel "
                        "patient pourrait être soigné chez lui dès aujourd'hui."
                    ),
                    "author": "Intervenant",
                    "role": "Directeur d'un établissement d'HAD",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Aller plus loin",
                    "text": "Les 4 leviers organisationnels et 20 conseils opérationnels.",
                    "button_label": "Lire la publication",
                    "page": "admission-had-comment-etre-reactif",
                },
            ),
        ],
        "documents": ["slides-reflexe-had"],
        "related": ["admission-had-comment-etre-reactif", "kit-admissions-directes-had-urgences"],
    },
    {
        "type": "kit",
        "slug": "kit-had-ehpad",
        "title": "Kit HAD et EHPAD",
        "summary": (
            "Tout ce qu'il faut pour organiser l'intervention de l'HAD auprès des résidents d'EHPAD : la "
            "publication de référence, la fiche de recours, le modèle de convention de partenariat et le "
            "formulaire de demande d'admission."
        ),
        "date": "2024-01-16",
        "sector": "medico-social",
        "themes": ["Hospitalisation à domicile (HAD)", "Grand âge et EHPAD"],
        "audiences": ["Directeurs", "Médecins coordonnateurs d'EHPAD", "Équipes HAD"],
        "body": [
            (
                "paragraph",
                "<p>Ce kit accompagne EHPAD et établissements d'HAD qui veulent travailler ensemble, ou mieux "
                "ensemble. Il suit les étapes de la coopération : se connaître, conventionner, anticiper, suivre.</p>"
                "<h2>Dans ce kit</h2>"
                "<ul>"
                "<li>la <b>publication</b> « HAD et EHPAD : structurer le parcours gériatrique » ;</li>"
                "<li>la <b>fiche</b> sur le recours à l'HAD depuis les établissements médico-sociaux ;</li>"
                "<li>le <b>modèle de convention</b> de partenariat HAD-EHPAD ;</li>"
                "<li>le <b>formulaire</b> de demande d'admission en HAD.</li>"
                "</ul>",
            ),
            ("quote", PRESS_QUOTE),
            (
                "call_to_action",
                {
                    "title": "Voir aussi le kit urgences",
                    "button_label": "Admissions directes depuis les urgences",
                    "page": "kit-admissions-directes-had-urgences",
                },
            ),
        ],
        "documents": ["kit-ehpad-mode-emploi", "convention-had-ehpad"],
        "components": [
            ("synthese", "had-ehpad-structurer-parcours-geriatrique"),
            ("fiche", "recours-had-depuis-les-etablissements-medico-sociaux"),
            ("modele", {"document": "convention-had-ehpad"}),
            ("outil", "modele-formulaire-demande-admission-had"),
        ],
        "related": ["kit-admissions-directes-had-urgences"],
    },
    # Hôpitaux de proximité ---------------------------------------------------
    {
        "type": "publication",
        "slug": "hopitaux-de-proximite-programme-accompagnement",
        "title": "Hôpitaux de proximité : le programme d'accompagnement de l'Anap",
        "summary": (
            "La réforme de 2021 fait de l'hôpital de proximité le pivot des soins de proximité de son territoire. "
            "L'Anap accompagne les établissements par trois actions complémentaires : un guide de labellisation, "
            "un outil de data-visualisation et un accompagnement collectif."
        ),
        "date": "2022-02-15",
        "sector": "sanitaire",
        "themes": ["Hôpitaux de proximité", "Coopération", "Coordination des parcours"],
        "audiences": ["Directeurs", "Présidents de CME", "ARS"],
        "body": [
            (
                "paragraph",
                "<p>Depuis l'ordonnance du 12 mai 2021, le label « hôpital de proximité » est attribué par le "
                "directeur général de l'ARS à l'établissement qui se porte volontaire. L'hôpital de proximité "
                "assure une activité de médecine, des consultations de spécialités et l'accès à l'imagerie, à la "
                "biologie et à la télésanté ; il n'exerce ni chirurgie ni obstétrique. Surtout, il travaille en "
                "étroite coopération avec les professionnels de ville, les CPTS et le médico-social.</p>"
                "<h2>Trois actions complémentaires</h2>"
                "<ol>"
                "<li><b>Un guide</b> pour comprendre la labellisation et préparer son dossier de candidature.</li>"
                "<li><b>Un outil de data-visualisation</b> pour objectiver les besoins et l'offre du territoire.</li>"
                "<li><b>Un accompagnement collectif</b> : webinaires, ateliers et partage d'expériences entre "
                "établissements.</li>"
                "</ol>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Les hôpitaux de proximité sont appelés à jouer un rôle majeur pour renforcer "
                        "l'accès aux soins."
                    ),
                    "author": "Stéphane Pardoux",
                    "role": "Directeur général de l'Anap",
                },
            ),
            ("document", {"document": "guide-hopitaux-proximite", "title": "Le guide de la labellisation"}),
            (
                "call_to_action",
                {
                    "title": "Explorer votre territoire",
                    "text": "Population, offre de premier recours, recours aux urgences : les données clés.",
                    "button_label": "Ouvrir la data-visualisation",
                    "page": "hopitaux-de-proximite-data-visualisation",
                },
            ),
        ],
        "documents": ["guide-hopitaux-proximite"],
        "related": ["hopitaux-de-proximite-data-visualisation"],
    },
    {
        "type": "outil",
        "slug": "hopitaux-de-proximite-data-visualisation",
        "title": "Hôpitaux de proximité : la data-visualisation de votre territoire",
        "summary": (
            "Un outil en ligne pour décrire le territoire d'un hôpital de proximité : population, offre de soins "
            "de premier recours, activité de l'établissement et parcours des patients."
        ),
        "date": "2022-06-20",
        "sector": "sanitaire",
        "themes": ["Hôpitaux de proximité", "Numérique"],
        "audiences": ["Directeurs", "ARS"],
        "tool_kind": "dataviz",
        "tool_url": "https://www.anap.fr/",
        "body": [
            (
                "paragraph",
                "<p>Pour construire son projet et son dossier de labellisation, un hôpital de proximité doit "
                "connaître son territoire. La data-visualisation réunit, commune par commune, les données utiles "
                "au diagnostic partagé avec les acteurs de ville.</p>"
                "<h2>Les données proposées</h2>"
                "<ul>"
                "<li>démographie et vieillissement de la population ;</li>"
                "<li>offre de premier recours : médecins généralistes, infirmiers, CPTS, maisons de santé ;</li>"
                "<li>activité de médecine et de consultations de l'établissement ;</li>"
                "<li>recours aux urgences et hospitalisations des personnes âgées.</li>"
                "</ul>",
            ),
            ("document", {"document": "notice-dataviz-hp"}),
            (
                "call_to_action",
                {
                    "title": "Accéder à l'outil",
                    "button_label": "Ouvrir la data-visualisation",
                    "url": "https://www.anap.fr/",
                },
            ),
        ],
        "documents": ["notice-dataviz-hp"],
        "related": ["hopitaux-de-proximite-programme-accompagnement"],
    },
    # Numérique médico-social ------------------------------------------------
    {
        "type": "publication",
        "slug": "7-leviers-numerique-medico-social",
        "title": "7 leviers pour le numérique dans le médico-social",
        "summary": (
            "Construite à partir de 30 entretiens avec des acteurs de terrain, cette publication identifie les "
            "leviers à activer ensemble pour réussir le virage numérique des établissements et services "
            "médico-sociaux : le financement est nécessaire, mais pas suffisant."
        ),
        "date": "2021-03-03",
        "sector": "medico-social",
        "themes": ["Numérique", "Grand âge et EHPAD"],
        "audiences": ["Directeurs", "ARS"],
        "body": [
            (
                "paragraph",
                "<p>Entre avril et septembre 2020, l'Anap a interrogé 30 acteurs : représentants du secteur "
                "médico-social et professionnels des structures. Leur constat est partagé : le soutien financier "
                "du programme ESMS numérique est une condition nécessaire, mais pas suffisante.</p>"
                "<h2>Les 7 leviers</h2>"
                "<ol>"
                "<li><b>Le financement</b>, pour amorcer les projets.</li>"
                "<li><b>La mutualisation et les coopérations</b>, pour l'achat comme pour la mise en œuvre.</li>"
                "<li><b>Le renforcement de la gouvernance</b>, au niveau des organismes gestionnaires comme "
                "des régions.</li>"
                "<li><b>Le renfort en effectifs</b> : expertises (architecture, sécurité) et chefferie de projet.</li>"
                "<li><b>L'accompagnement des acteurs</b> : formation, outils et méthodes, partage d'expériences.</li>"
                "<li><b>La structuration de l'offre des éditeurs</b>, encore peu adaptée à la diversité "
                "du secteur.</li>"
                "<li><b>L'implication des professionnels et des usagers</b>, pour que le numérique serve "
                "les métiers.</li>"
                "</ol>",
            ),
            (
                "key_figures",
                {
                    "heading": "En bref",
                    "figures": [
                        ("30", "acteurs de terrain interrogés"),
                        ("7", "leviers à activer simultanément"),
                        ("30 M€", "de fonds d'amorçage pour le programme ESMS numérique"),
                    ],
                },
            ),
            (
                "quote",
                {
                    "text": (
                        "Le logiciel, on l'a acheté à plusieurs. Ce qui nous a manqué, c'est un chef de projet "
                        "pour l'installer dans les équipes."
                    ),
                    "author": "Directeur",
                    "role": "Association gestionnaire d'établissements médico-sociaux",
                },
            ),
            ("document", {"document": "publication-7-leviers"}),
            (
                "call_to_action",
                {
                    "title": "Des usages numériques inspirants",
                    "text": "Découvrez les bonnes pratiques partagées par les établissements.",
                    "button_label": "Voir les bonnes pratiques",
                    "page": "teleconsultation-had-ehpad",
                },
            ),
        ],
        "documents": ["publication-7-leviers"],
        "related": ["teleconsultation-had-ehpad"],
    },
    # Expérience patient --------------------------------------------------------
    {
        "type": "publication",
        "slug": "experience-patient-had-recueillir-parole",
        "title": "Expérience patient en HAD : recueillir et utiliser la parole des patients et des aidants",
        "summary": (
            "À domicile, l'expérience du patient dépend autant de la coordination que des soins. Cette "
            "publication propose une démarche en quatre étapes pour recueillir la parole des patients et des "
            "aidants et en faire un levier d'amélioration."
        ),
        "date": "2024-10-08",
        "sector": "sanitaire",
        "themes": ["Expérience patient et usager", "Hospitalisation à domicile (HAD)"],
        "audiences": ["Directeurs", "Équipes HAD", "Cadres de santé"],
        "body": [
            (
                "paragraph",
                "<p>En HAD, le patient et son aidant sont au cœur de l'organisation : ce sont eux qui accueillent "
                "les soignants, reçoivent le matériel, appellent la nuit. Leur expérience est une source "
                "d'information unique sur la qualité de la coordination.</p>"
                "<h2>Une démarche en quatre étapes</h2>"
                "<ol>"
                "<li><b>Recueillir</b> : questionnaire de fin de séjour, entretiens, appel à J+7.</li>"
                "<li><b>Analyser</b> avec les équipes et des patients partenaires.</li>"
                "<li><b>Agir</b> : choisir deux ou trois actions concrètes par an.</li>"
                "<li><b>Rendre compte</b> aux patients, aux équipes et à la commission des usagers.</li>"
                "</ol>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Ce qui m'a rassurée, c'est d'avoir un seul numéro, et quelqu'un qui décroche à trois "
                        "heures du matin."
                    ),
                    "author": "Aidante",
                    "role": "Fille d'un patient pris en charge en HAD",
                },
            ),
            ("document", {"document": "publication-experience-had"}),
            (
                "call_to_action",
                {
                    "title": "Un questionnaire prêt à l'emploi",
                    "button_label": "Télécharger le modèle",
                    "page": "questionnaire-experience-patient-had",
                },
            ),
        ],
        "documents": ["publication-experience-had"],
        "related": ["questionnaire-experience-patient-had", "associer-patients-partenaires"],
    },
    {
        "type": "fiche_pratique",
        "slug": "associer-patients-partenaires",
        "title": "Associer des patients partenaires à vos projets d'organisation",
        "summary": (
            "Parcours, accueil, sortie : les patients partenaires apportent un regard que les professionnels "
            "n'ont pas. Comment les recruter, les associer aux projets et reconnaître leur contribution."
        ),
        "date": "2025-02-11",
        "sector": "transversal",
        "themes": ["Expérience patient et usager", "Coordination des parcours"],
        "audiences": ["Directeurs", "Cadres de santé", "Présidents de CME"],
        "body": [
            (
                "paragraph",
                "<p>Un patient partenaire n'est ni un représentant des usagers ni un patient interrogé une fois : "
                "il participe durablement au projet, au même titre que les professionnels, à partir de son "
                "expérience de la maladie et du parcours de soins.</p>"
                "<h2>Les repères</h2>"
                "<ul>"
                "<li>associer les patients dès le cadrage du projet, pas seulement pour le valider ;</li>"
                "<li>prévoir au moins deux patients partenaires par groupe de travail ;</li>"
                "<li>les former et les accompagner, comme tout membre de l'équipe projet ;</li>"
                "<li>reconnaître leur contribution : défraiement, valorisation, retour sur les décisions.</li>"
                "</ul>",
            ),
            (
                "quote",
                {
                    "text": "On ne m'a pas demandé mon avis à la fin : on m'a demandé par où commencer.",
                    "author": "Patient partenaire",
                    "role": "Groupe de travail sur le parcours de sortie",
                },
            ),
            ("document", {"document": "fiche-patients-partenaires"}),
            (
                "call_to_action",
                {
                    "title": "En HAD",
                    "button_label": "Recueillir l'expérience des patients",
                    "page": "experience-patient-had-recueillir-parole",
                },
            ),
        ],
        "documents": ["fiche-patients-partenaires"],
        "related": ["experience-patient-had-recueillir-parole"],
    },
    {
        "type": "outil",
        "slug": "questionnaire-experience-patient-had",
        "title": "Modèle de questionnaire d'expérience des patients et des aidants en HAD",
        "summary": (
            "Sept questions, remises en fin de prise en charge, pour mesurer ce que vivent patients et aidants en "
            "HAD : information, coordination, réponse la nuit, soutien de l'aidant."
        ),
        "date": "2025-04-15",
        "sector": "sanitaire",
        "themes": ["Expérience patient et usager", "Hospitalisation à domicile (HAD)"],
        "audiences": ["Équipes HAD", "Cadres de santé"],
        "tool_kind": "modele",
        "tool_file": "questionnaire-experience-had",
        "body": [
            (
                "paragraph",
                "<p>Le questionnaire est court, anonyme et se remplit en moins de dix minutes, sur papier ou en "
                "ligne. Ses questions portent sur les moments qui comptent pour les patients : l'admission, "
                "l'arrivée du matériel, la nuit, la fin de prise en charge.</p>"
                "<p>Les réponses s'analysent chaque trimestre avec les équipes et alimentent la démarche "
                "d'expérience patient de l'établissement.</p>",
            ),
            ("document", {"document": "questionnaire-experience-had"}),
            (
                "call_to_action",
                {
                    "title": "La démarche complète",
                    "button_label": "Lire la publication",
                    "page": "experience-patient-had-recueillir-parole",
                },
            ),
        ],
        "documents": ["questionnaire-experience-had"],
        "related": ["experience-patient-had-recueillir-parole", "associer-patients-partenaires"],
    },
]

# --- Bonnes pratiques (children of the "bonnes-pratiques" index) -------------

BONNES_PRATIQUES = [
    {
        "slug": "dematerialisation-admissions-had",
        "title": "Dématérialiser les demandes d'admission en HAD avec les services prescripteurs",
        "summary": (
            "Une HAD a remplacé fax et appels croisés par une plateforme de demande partagée avec les services "
            "de trois centres hospitaliers : la demande arrive complète, l'avis d'éligibilité part dans l'heure."
        ),
        "date": "2024-02-20",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Numérique"],
        "audiences": ["Équipes HAD", "Directeurs"],
        "structure_name": "HAD Confluences Santé",
        "structure_type": "had",
        "region": "auvergne-rhone-alpes",
        "context": (
            "<p>Les demandes d'admission arrivaient par fax, téléphone ou courriel, souvent incomplètes. "
            "L'infirmière de coordination passait une partie de sa journée à rappeler les services pour obtenir "
            "les prescriptions manquantes.</p>"
        ),
        "actions": (
            "<ul><li>choix d'une plateforme de demande en ligne interfacée avec la messagerie sécurisée de santé ;</li>"
            "<li>formulaire commun construit avec les cadres des services prescripteurs ;</li>"
            "<li>formation de 40 soignants prescripteurs en deux mois ;</li>"
            "<li>affichage du délai de réponse de l'HAD dans chaque service.</li></ul>"
        ),
        "results": (
            "<p>Les demandes arrivent complètes, l'avis d'éligibilité est rendu dans l'heure ouvrée et les "
            "services suivent en temps réel l'état de leur demande. Le nombre de demandes a augmenté dès le "
            "premier trimestre.</p>"
        ),
        "lessons": (
            "<p>Le formulaire compte plus que l'outil : il faut le construire avec les prescripteurs. Prévoir "
            "une solution de repli téléphonique pour la nuit et le week-end.</p>"
        ),
        "contact_name": "Claire Dumont",
        "contact_role": "Cadre de santé, coordination des admissions",
        "contact_email": "c.dumont@example.org",
        "body": [
            (
                "quote",
                {
                    "text": "Aujourd'hui, une demande complète arrive avant même que le service ait raccroché.",
                    "author": "Claire Dumont",
                    "role": "Cadre de santé, HAD Confluences Santé",
                },
            ),
            ("document", {"document": "rex-dematerialisation"}),
        ],
        "documents": ["rex-dematerialisation"],
        "related": ["modele-formulaire-demande-admission-had", "admission-had-comment-etre-reactif"],
    },
    {
        "slug": "teleconsultation-had-ehpad",
        "title": "Téléconsultation entre l'HAD et les EHPAD partenaires",
        "summary": (
            "Le médecin coordonnateur de l'HAD réalise des téléconsultations avec l'infirmière de l'EHPAD au "
            "chevet du résident : évaluation plus rapide, déplacements évités et admissions anticipées."
        ),
        "date": "2024-06-04",
        "sector": "medico-social",
        "themes": ["Hospitalisation à domicile (HAD)", "Numérique", "Grand âge et EHPAD"],
        "audiences": ["Équipes HAD", "Médecins coordonnateurs d'EHPAD"],
        "structure_name": "HAD Garonne-Océan",
        "structure_type": "had",
        "region": "nouvelle-aquitaine",
        "context": (
            "<p>Les douze EHPAD partenaires sont répartis sur un territoire rural étendu. Chaque évaluation "
            "d'éligibilité imposait au médecin de l'HAD jusqu'à deux heures de route.</p>"
        ),
        "actions": (
            "<ul><li>équipement de chaque EHPAD d'une tablette et d'objets connectés (stéthoscope, otoscope) ;</li>"
            "<li>créneaux quotidiens de téléconsultation avec le médecin coordonnateur de l'HAD ;</li>"
            "<li>protocole commun : consentement, présence de l'infirmière, compte rendu dans le dossier ;</li>"
            "<li>évaluation anticipée des résidents fragiles par téléconsultation.</li></ul>"
        ),
        "results": (
            "<p>L'avis d'éligibilité est rendu le jour même, les admissions sont anticipées et plusieurs "
            "transferts aux urgences ont été évités. Les infirmières des EHPAD se disent plus à l'aise pour "
            "solliciter l'HAD.</p>"
        ),
        "lessons": (
            "<p>La qualité du réseau dans les EHPAD a été le premier obstacle. La téléconsultation ne remplace "
            "pas la première rencontre entre les équipes : elle la prolonge.</p>"
        ),
        "contact_name": "Dr Julien Marchal",
        "contact_role": "Médecin coordonnateur",
        "contact_email": "j.marchal@example.org",
        "body": [
            (
                "quote",
                {
                    "text": "La tablette ne remplace pas la visite, mais elle nous permet de décider le jour même.",
                    "author": "Dr Julien Marchal",
                    "role": "Médecin coordonnateur, HAD Garonne-Océan",
                },
            ),
            ("document", {"document": "rex-teleconsultation"}),
        ],
        "documents": ["rex-teleconsultation"],
        "related": ["had-ehpad-structurer-parcours-geriatrique", "kit-had-ehpad"],
    },
    {
        "slug": "telesurveillance-patients-had",
        "title": "Télésurveillance à domicile : sécuriser les nuits et les week-ends en HAD",
        "summary": (
            "Pour les patients les plus fragiles, une HAD associe capteurs connectés et astreinte infirmière : "
            "les alertes sont traitées à distance et les déplacements de nuit réservés aux situations qui le "
            "nécessitent."
        ),
        "date": "2025-01-21",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)", "Numérique", "Prise en charge des patients"],
        "audiences": ["Équipes HAD", "Directeurs", "Infirmiers"],
        "structure_name": "HAD Côte d'Opale Santé",
        "structure_type": "had",
        "region": "hauts-de-france",
        "context": (
            "<p>L'astreinte infirmière de nuit couvrait un large secteur et se déplaçait souvent pour des "
            "situations qui auraient pu être évaluées à distance, au détriment des urgences réelles.</p>"
        ),
        "actions": (
            "<ul><li>sélection des patients éligibles à la télésurveillance en réunion pluriprofessionnelle ;</li>"
            "<li>capteurs de saturation, tension et fréquence cardiaque, avec seuils d'alerte personnalisés ;</li>"
            "<li>traitement des alertes par l'infirmière d'astreinte, avec appui médical ;</li>"
            "<li>information et consentement écrits du patient et de l'aidant.</li></ul>"
        ),
        "results": (
            "<p>Les alertes sont levées plus tôt, les déplacements de nuit sont mieux ciblés et les aidants se "
            "disent rassurés. L'équipe a étendu le dispositif aux week-ends.</p>"
        ),
        "lessons": (
            "<p>Trop d'alertes tuent l'alerte : les seuils doivent être revus chaque semaine au début. "
            "Impliquer les infirmiers libéraux partenaires dès le lancement.</p>"
        ),
        "contact_name": "Sophie Leclercq",
        "contact_role": "Infirmière coordinatrice",
        "contact_email": "s.leclercq@example.org",
        "body": [
            (
                "key_figures",
                {
                    "heading": "Le dispositif",
                    "figures": [
                        ("3", "constantes suivies à distance"),
                        ("7 j/7", "de traitement des alertes par l'astreinte"),
                    ],
                },
            ),
            ("document", {"document": "rex-telesurveillance"}),
        ],
        "documents": ["rex-telesurveillance"],
        "related": ["dematerialisation-admissions-had", "experience-patient-had-recueillir-parole"],
    },
]

# --- News (children of the "actualites" index) --------------------------------

NEWS = [
    {
        "slug": "reflexe-had-kit-admissions-directes-urgences",
        "title": "Généraliser le réflexe HAD : l'Anap publie le kit « Admissions directes en HAD depuis les urgences »",
        "kind": "communique",
        "date": "2023-12-05",
        "summary": (
            "Dans le cadre de la feuille de route nationale HAD 2021-2026, l'Anap renforce son accompagnement "
            "des établissements d'hospitalisation à domicile : un appui terrain ouvert à toutes les HAD et de "
            "nouveaux outils pour amplifier le recours à l'HAD aux urgences et en EHPAD."
        ),
        "body": [
            (
                "paragraph",
                "<p>L'hospitalisation à domicile réduit l'engorgement des services, améliore l'expérience des "
                "patients et répond à leur souhait d'être soignés chez eux. Pour en faire un réflexe aux points "
                "de tension du système de santé, l'Anap met à disposition :</p>"
                "<ul>"
                "<li>le kit <b>Admissions directes en HAD depuis les urgences</b> : flyer pour les urgentistes, "
                "fiche sur l'infirmier de liaison, synthèse de l'expérimentation en Occitanie et modèle de "
                "convention ;</li>"
                "<li>une publication et un modèle de convention pour structurer le partenariat "
                "<b>HAD et EHPAD</b> ;</li>"
                "<li>des retours d'expérience sur les usages du <b>numérique en HAD</b>.</li>"
                "</ul>"
                "<h2>Un appui terrain de six mois</h2>"
                "<p>Les établissements d'HAD peuvent candidater à un accompagnement de six mois : suivi par des "
                "experts, outils spécifiques et sessions collectives, pour évaluer leur potentiel, activer leurs "
                "leviers de développement et atteindre l'équilibre financier.</p>",
            ),
            ("quote", PRESS_QUOTE),
            ("key_figures", HAD_2022_FIGURES),
            (
                "call_to_action",
                {
                    "title": "Le kit est en ligne",
                    "button_label": "Découvrir le kit",
                    "page": "kit-admissions-directes-had-urgences",
                },
            ),
        ],
        "resources": [
            "kit-admissions-directes-had-urgences",
            "had-ehpad-structurer-parcours-geriatrique",
            "teleconsultation-had-ehpad",
        ],
    },
    {
        "slug": "webconference-reflexe-had-15-juin",
        "title": "Webconférence le 15 juin : ayez le réflexe HAD pour réduire la tension sur les lits",
        "kind": "actualite",
        "date": "2023-06-01",
        "summary": (
            "Après la publication « Admission en HAD : comment être réactif ? », l'Anap organise une "
            "webconférence exceptionnelle le 15 juin à 13 heures, avec des établissements qui ont fait de l'HAD "
            "un levier face à la tension sur les lits."
        ),
        "body": [
            (
                "paragraph",
                "<p>Comment éviter les tensions liées à la gestion des lits ? En misant sur l'hospitalisation à "
                "domicile. La webconférence présentera les 4 leviers organisationnels identifiés par l'Anap et "
                "donnera la parole à des services d'urgence, des HAD et des EHPAD.</p>"
                "<p>La session dure une heure et sera suivie d'un temps d'échange. Le replay et le support de "
                "présentation seront publiés dans le centre de ressources.</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "Replay et support",
                    "button_label": "Voir la webconférence",
                    "page": "webconference-reflexe-had-tension-lits",
                },
            ),
        ],
        "resources": ["webconference-reflexe-had-tension-lits", "admission-had-comment-etre-reactif"],
    },
    {
        "slug": "experience-patient-nouvelles-ressources",
        "title": "Expérience patient : trois ressources pour donner la parole aux patients et aux aidants",
        "kind": "actualite",
        "date": "2025-04-15",
        "summary": (
            "Une démarche pour l'HAD, une fiche pour associer des patients partenaires et un questionnaire prêt "
            "à l'emploi : l'Anap enrichit ses ressources consacrées à l'expérience patient et usager."
        ),
        "body": [
            (
                "paragraph",
                "<p>Recueillir l'expérience des patients ne suffit pas : il faut en faire un levier de "
                "transformation des organisations. Les trois ressources publiées accompagnent les établissements "
                "à chaque étape, du recueil à l'action.</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "Commencer par le questionnaire",
                    "button_label": "Télécharger le modèle",
                    "page": "questionnaire-experience-patient-had",
                },
            ),
        ],
        "resources": [
            "experience-patient-had-recueillir-parole",
            "associer-patients-partenaires",
            "questionnaire-experience-patient-had",
        ],
    },
]

# --- Home page and section intros ------------------------------------------

HOME = {
    "hero_title": "2 000 ressources en 1 clic",
    "hero_text": (
        "Publications, outils, kits, webconférences et retours d'expérience : toutes les ressources de l'Anap "
        "pour les établissements sanitaires et médico-sociaux, au même endroit."
    ),
    "key_figures": HAD_2022_FIGURES,
    "key_figures_intro": (
        "<p>L'hospitalisation à domicile progresse, mais reste inégalement mobilisée selon les territoires. "
        "L'Anap accompagne les établissements pour en faire un <b>réflexe</b>, aux urgences comme en EHPAD.</p>"
    ),
    "featured_kits": ["kit-admissions-directes-had-urgences", "kit-had-ehpad"],
}

SECTION_INTROS = {
    "ressources": (
        "Publications, fiches pratiques, outils, kits et webconférences : retrouvez toutes les ressources de "
        "l'Anap, filtrables par type, thème et secteur."
    ),
    "thematiques": "Parcourez les ressources de l'Anap par grande thématique.",
    "bonnes-pratiques": (
        "Des établissements partagent leurs initiatives : contexte, actions, résultats et enseignements, "
        "pour s'en inspirer."
    ),
    "actualites": "Les dernières publications, événements et communiqués de l'Anap.",
}

# --- Information pages: the DSFR footer's mandatory links ---------------------
# (slug, title, intro, body): created under the home page by the loader.

INFORMATION_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "Informations sur l'éditeur, l'hébergement et la réutilisation des contenus du centre de ressources.",
        "<h2>Éditeur</h2>"
        "<p>Agence nationale de la performance sanitaire et médico-sociale (Anap), groupement d'intérêt public, "
        "23 avenue d'Italie, 75013 Paris. Directeur de la publication : le directeur général de l'Anap.</p>"
        "<h2>Hébergement</h2>"
        "<p>Le site est hébergé en France, chez un hébergeur certifié pour les données publiques. Ce site de "
        "démonstration est servi localement : aucune donnée ne quitte le poste qui l'exécute.</p>"
        "<h2>Réutilisation des contenus</h2>"
        "<p>Sauf mention contraire, les publications, fiches et outils sont diffusés sous licence Etalab 2.0 : "
        "vous pouvez les reproduire et les adapter en citant l'Anap et la date de la ressource.</p>"
        "<h2>Liens vers le site</h2>"
        "<p>Tout site public ou privé peut créer un lien vers les pages du centre de ressources, sans "
        "autorisation préalable, pourvu qu'elles s'ouvrent dans une fenêtre du navigateur.</p>",
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Les données que le centre de ressources traite, pourquoi, combien de temps, et vos droits.",
        "<h2>Consultation du site</h2>"
        "<p>La consultation des ressources ne demande aucun compte. Le site ne dépose aucun cookie de mesure "
        "d'audience ni de publicité ; il compte les téléchargements de documents sans les relier à une personne.</p>"
        "<h2>Proposition d'une bonne pratique</h2>"
        "<p>Lorsque vous proposez une bonne pratique, l'Anap traite votre nom, votre adresse électronique, "
        "votre structure et les fichiers joints, pour instruire la proposition et vous en donner le suivi "
        "(mission de service public, article 6.1.e du RGPD). Seuls les modérateurs de l'Anap y ont accès. "
        "Les propositions non publiées sont supprimées au bout de deux ans.</p>"
        "<h2>Vos droits</h2>"
        "<p>Vous pouvez accéder à vos données, les faire rectifier ou effacer, et vous opposer à leur "
        "traitement en écrivant au délégué à la protection des données de l'Anap (dpo@anap.fr). Vous pouvez "
        "aussi saisir la CNIL.</p>",
    ),
    (
        "accessibilite",
        "Accessibilité : partiellement conforme",
        "L'Anap s'engage à rendre son centre de ressources accessible, conformément à l'article 47 de la loi "
        "n° 2005-102 du 11 février 2005.",
        "<h2>État de conformité</h2>"
        "<p>Le centre de ressources de l'Anap est <b>partiellement conforme</b> avec le référentiel général "
        "d'amélioration de l'accessibilité (RGAA), version 4.1 : un audit complet reste à mener. Les pages sont "
        "vérifiées automatiquement (axe-core et le validateur HTML Nu) à chaque évolution du site.</p>"
        "<h2>Contenus non accessibles</h2>"
        "<ul>"
        "<li>certains documents PDF anciens ne sont pas balisés pour les lecteurs d'écran ;</li>"
        "<li>les replays de webconférences n'ont pas tous de transcription.</li>"
        "</ul>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à accessibilite@anap.fr : "
        "nous vous répondrons et vous proposerons une version accessible.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu, que vous nous "
        "l'avez signalé et n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des "
        "droits (en ligne, par courrier ou auprès de son délégué dans votre région).</p>",
    ),
]

SITE_MAP = {
    "slug": "plan-du-site",
    "title": "Plan du site",
    "intro": "Toutes les rubriques du centre de ressources de l'Anap.",
}

# --- Appuis terrain (children of the "appuis-terrain" index) -------------------
# The facts come from the press releases; the call dates are set by the loader relative to the
# day it runs (demo/loader.py programme_dates), so the demo always shows each status.

PROGRAMMES = [
    {
        "slug": "appui-terrain-had",
        "title": "Appui terrain HAD : développer l'hospitalisation à domicile",
        "summary": (
            "Six mois d'accompagnement pour 100 établissements d'HAD de tout statut : 4 jours sur site, un suivi à "
            "distance et des sessions collectives, pour évaluer son potentiel et activer ses leviers de développement."
        ),
        "dates": "open",
        "sector": "sanitaire",
        "themes": ["Hospitalisation à domicile (HAD)"],
        "audiences": ["Directeurs"],
        "objectives": (
            "<ul><li>évaluer le potentiel de développement de l'établissement ;</li>"
            "<li>activer les leviers de développement de l'activité ;</li>"
            "<li>atteindre l'équilibre financier.</li></ul>"
        ),
        "target_structures": "Établissements d'HAD de tout statut (public, privé, ESPIC)",
        "format": (
            "4 jours sur site avec des experts, un accompagnement à distance, des outils spécifiques et des sessions "
            "collectives. Chaque établissement s'engage avec un trio : la direction, un médecin et un cadre de santé."
        ),
        "duration": "6 mois",
        "places": 100,
        "regions": [],
        "activity_question": "Nombre de patients pris en charge par jour",
        "sessions": [
            ("04-15", "04-16", "provence-alpes-cote-d-azur", "Marseille"),
            ("04-15", "04-16", "pays-de-la-loire", "Nantes"),
        ],
        "contact_name": "Équipe appui terrain HAD",
        "contact_email": "appui-had@anap.fr",
        "body": [
            (
                "paragraph",
                (
                    "<p>L'appel à candidatures dure quatre mois. Les établissements retenus commencent par deux "
                    "jours de sessions collectives, les 15 et 16 avril, en Provence-Alpes-Côte d'Azur et en Pays de "
                    "la Loire, puis reçoivent les experts quatre jours sur site.</p>"
                ),
            ),
            ("document", {"document": "cahier-charges-appui-had"}),
        ],
        "documents": ["cahier-charges-appui-had"],
        "related": ["kit-admissions-directes-had-urgences", "had-ehpad-structurer-parcours-geriatrique"],
    },
    {
        "slug": "appui-terrain-hopitaux-de-proximite",
        "title": "Appui terrain hôpitaux de proximité",
        "summary": (
            "Un accompagnement des hôpitaux de proximité dans leur projet de territoire : un quart d'entre eux "
            "accompagnés sur site, tous avec l'outil de data-visualisation de leur territoire."
        ),
        "dates": "running",
        "sector": "sanitaire",
        "themes": ["Hôpitaux de proximité"],
        "audiences": ["Directeurs"],
        "objectives": (
            "<ul><li>objectiver les besoins et l'offre de soins du territoire ;</li>"
            "<li>construire le projet de l'hôpital de proximité avec la ville et le médico-social.</li></ul>"
        ),
        "target_structures": "Hôpitaux de proximité labellisés",
        "format": (
            "25 % des hôpitaux de proximité accompagnés sur site ; tous disposent de l'outil de data-visualisation "
            "et de l'accompagnement collectif (webinaires, ateliers)."
        ),
        "duration": "12 mois",
        "places": 25,  # a demo figure: the seeds give the share (25 %), not the count
        "regions": [],
        "activity_question": "",
        "sessions": [],
        "contact_name": "Équipe hôpitaux de proximité",
        "contact_email": "hopitaux-proximite@anap.fr",
        "body": [
            (
                "paragraph",
                (
                    "<p>Un quart des hôpitaux de proximité sont accompagnés sur site ; tous utilisent l'outil de "
                    "data-visualisation pour objectiver les besoins de leur territoire.</p>"
                ),
            ),
            ("document", {"document": "cahier-charges-appui-hp"}),
        ],
        "documents": ["cahier-charges-appui-hp"],
        "related": ["hopitaux-de-proximite-programme-accompagnement", "hopitaux-de-proximite-data-visualisation"],
    },
    {
        "slug": "appui-terrain-experience-patient",
        "title": "Appui terrain expérience patient",
        "summary": (
            "Un programme intensif de 6 à 9 mois pour faire de l'expérience patient un levier de transformation, "
            "avec une plateforme numérique de recueil et de suivi."
        ),
        "dates": "upcoming",
        "sector": "transversal",
        "themes": ["Expérience patient et usager"],
        "audiences": ["Directeurs"],
        "objectives": (
            "<ul><li>recueillir l'expérience des patients et des aidants ;</li>"
            "<li>en tirer un plan d'action et le suivre dans la durée.</li></ul>"
        ),
        "target_structures": "Établissements sanitaires et médico-sociaux",
        "format": "Un accompagnement intensif, sur site et à distance, et une plateforme numérique.",
        "duration": "6 à 9 mois",
        "places": 20,  # a demo figure: the seeds give no count
        "regions": [],
        "activity_question": "",
        "sessions": [],
        "contact_name": "Équipe expérience patient",
        "contact_email": "experience-patient@anap.fr",
        "body": [
            (
                "paragraph",
                (
                    "<p>Un programme intensif de 6 à 9 mois, qui s'appuie sur une plateforme numérique de recueil de"
                    " l'expérience des patients et des aidants.</p>"
                ),
            ),
            ("document", {"document": "cahier-charges-appui-ep"}),
        ],
        "documents": ["cahier-charges-appui-ep"],
        "related": ["experience-patient-had-recueillir-parole", "questionnaire-experience-patient-had"],
    },
]
