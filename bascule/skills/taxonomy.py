"""The built-in skills taxonomy, in French and English, written for reverse mentoring.

Skills go both ways: what younger employees often bring (digital tools, social media, AI,
new ways of working, trends) and what senior colleagues often bring (leadership, strategy,
negotiation, knowledge of the business and of the organisation). Slugs are stable: data
migrations and imports match skills by slug, so a slug is never renamed once published.

This module is plain data, read by the data migration `0004_builtin_skills` and by tests;
HR renames, retires or merges skills afterwards in the application.
"""

from typing import NamedTuple


class BuiltInCategory(NamedTuple):
    slug: str
    name_fr: str
    name_en: str


class BuiltInSkill(NamedTuple):
    slug: str
    category: str
    label_fr: str
    label_en: str
    description_fr: str
    description_en: str


CATEGORIES: tuple[BuiltInCategory, ...] = (
    BuiltInCategory(
        "digital-tools", "Outils numériques et collaboration", "Digital tools and collaboration"
    ),
    BuiltInCategory(
        "social-media",
        "Réseaux sociaux et marque personnelle",
        "Social media and personal branding",
    ),
    BuiltInCategory("ai-data", "IA et données", "AI and data"),
    BuiltInCategory("cybersecurity", "Hygiène en cybersécurité", "Cybersecurity hygiene"),
    BuiltInCategory("new-ways-of-working", "Nouvelles façons de travailler", "New ways of working"),
    BuiltInCategory(
        "trends", "Tendances de consommation et de société", "Consumer and societal trends"
    ),
    BuiltInCategory("inclusion", "Inclusion et diversité", "Inclusion and diversity"),
    BuiltInCategory("leadership", "Leadership", "Leadership"),
    BuiltInCategory("strategy", "Stratégie et décision", "Strategy and decision making"),
    BuiltInCategory("influence", "Négociation et influence", "Negotiation and influence"),
    BuiltInCategory(
        "business",
        "Connaissance du secteur et des clients",
        "Industry and customer knowledge",
    ),
    BuiltInCategory("career", "Carrière et organisation", "Career and navigating the organisation"),
)

S = BuiltInSkill

SKILLS: tuple[BuiltInSkill, ...] = (
    # --- Digital tools and collaboration -----------------------------------------------------
    S(
        "spreadsheet-automation",
        "digital-tools",
        "Automatiser ses tableurs",
        "Spreadsheet automation",
        "Gagner du temps dans Excel ou Google Sheets avec les formules, les tableaux croisés "
        "et les macros simples.",
        "Save time in Excel or Google Sheets with formulas, pivot tables and simple macros.",
    ),
    S(
        "video-calls",
        "digital-tools",
        "Des visioconférences qui fonctionnent",
        "Video calls that work",
        "Préparer, animer et suivre une réunion en visio sans problème de son, d'image "
        "ni de partage d'écran.",
        "Prepare, run and follow up a video meeting without sound, picture or "
        "screen-sharing trouble.",
    ),
    S(
        "team-messaging",
        "digital-tools",
        "Messageries d'équipe (Teams, Slack)",
        "Team chat (Teams, Slack)",
        "Utiliser les canaux, les fils et les mentions pour échanger sans noyer son équipe "
        "sous les messages.",
        "Use channels, threads and mentions to talk with the team without drowning it in messages.",
    ),
    S(
        "shared-documents",
        "digital-tools",
        "Travailler à plusieurs sur un document",
        "Co-editing shared documents",
        "Écrire, commenter et suivre les versions d'un même document en temps réel, "
        "sans pièces jointes.",
        "Write, comment on and track versions of the same document in real time, "
        "without attachments.",
    ),
    S(
        "online-whiteboards",
        "digital-tools",
        "Tableaux blancs en ligne",
        "Online whiteboards",
        "Animer un atelier à distance avec Miro, Klaxoon ou un outil équivalent.",
        "Run a remote workshop with Miro, Klaxoon or a similar tool.",
    ),
    S(
        "smartphone-productivity",
        "digital-tools",
        "Être efficace sur son smartphone",
        "Getting things done on a smartphone",
        "Gérer ses courriels, son agenda et ses documents en déplacement avec les bonnes "
        "applications.",
        "Handle e-mail, calendar and documents on the move with the right apps.",
    ),
    S(
        "no-code-tools",
        "digital-tools",
        "Outils no-code",
        "No-code tools",
        "Créer un formulaire, une petite application ou un flux automatique sans écrire de code.",
        "Build a form, a small app or an automated workflow without writing code.",
    ),
    # --- Social media and personal branding --------------------------------------------------
    S(
        "linkedin-presence",
        "social-media",
        "Présence sur LinkedIn",
        "LinkedIn presence",
        "Soigner son profil, publier régulièrement et faire vivre son réseau professionnel "
        "sur LinkedIn.",
        "Polish your profile, post regularly and keep your professional network alive on LinkedIn.",
    ),
    S(
        "tiktok-short-video",
        "social-media",
        "TikTok et vidéo courte",
        "TikTok and short video",
        "Comprendre les codes des vidéos courtes et ce qu'elles disent des nouvelles générations.",
        "Understand the codes of short videos and what they say about younger generations.",
    ),
    S(
        "instagram",
        "social-media",
        "Instagram",
        "Instagram",
        "Savoir comment marques et créateurs racontent une histoire en images et en stories.",
        "Learn how brands and creators tell a story with pictures and stories.",
    ),
    S(
        "personal-branding",
        "social-media",
        "Marque personnelle",
        "Personal branding",
        "Définir ce que l'on veut incarner en ligne et le montrer de façon cohérente "
        "et authentique.",
        "Decide what you want to stand for online and show it in a consistent, genuine way.",
    ),
    S(
        "social-media-writing",
        "social-media",
        "Écrire pour les réseaux sociaux",
        "Writing for social media",
        "Rédiger des publications courtes, claires et engageantes, adaptées à chaque réseau.",
        "Write short, clear and engaging posts suited to each network.",
    ),
    S(
        "employee-advocacy",
        "social-media",
        "Ambassadeurs de l'entreprise",
        "Employee advocacy",
        "Partager la vie de l'entreprise en ligne en respectant ses règles et sa réputation.",
        "Share company news online while respecting its rules and reputation.",
    ),
    S(
        "online-reputation",
        "social-media",
        "E-réputation et gestion des critiques",
        "Online reputation and handling criticism",
        "Repérer ce qui se dit en ligne et répondre calmement à une critique ou à un bad buzz.",
        "Notice what is said online and answer criticism or a backlash calmly.",
    ),
    # --- AI and data -------------------------------------------------------------------------
    S(
        "generative-ai-everyday",
        "ai-data",
        "L'IA générative au quotidien",
        "Generative AI for everyday work",
        "Utiliser un assistant d'IA pour résumer, rédiger ou préparer une réunion, "
        "en connaissant ses limites.",
        "Use an AI assistant to summarise, draft or prepare a meeting, knowing its limits.",
    ),
    S(
        "prompt-writing",
        "ai-data",
        "Rédiger de bonnes consignes (prompts)",
        "Prompt writing",
        "Formuler une demande précise à une IA pour obtenir une réponse utile du premier coup.",
        "Phrase a precise request to an AI so that the first answer is useful.",
    ),
    S(
        "ai-risks",
        "ai-data",
        "Risques et usage responsable de l'IA",
        "AI risks and responsible use",
        "Connaître les erreurs, les biais et les règles de confidentialité à respecter avec l'IA.",
        "Know the mistakes, biases and confidentiality rules that come with AI.",
    ),
    S(
        "data-visualisation",
        "ai-data",
        "Visualiser des données",
        "Data visualisation",
        "Choisir le bon graphique et construire un tableau de bord lisible en un coup d'œil.",
        "Pick the right chart and build a dashboard that reads at a glance.",
    ),
    S(
        "data-literacy",
        "ai-data",
        "Lire et questionner les chiffres",
        "Data literacy",
        "Comprendre d'où viennent les données, ce qu'elles prouvent et ce qu'elles ne "
        "prouvent pas.",
        "Understand where data comes from, what it proves and what it does not.",
    ),
    S(
        "ai-automation",
        "ai-data",
        "Automatiser des tâches avec l'IA",
        "Automating tasks with AI",
        "Confier à l'IA des tâches répétitives comme le tri de courriels ou la prise de notes.",
        "Hand repetitive tasks such as sorting e-mail or taking notes over to AI.",
    ),
    S(
        "ai-in-our-industry",
        "ai-data",
        "L'IA dans notre secteur",
        "AI in our industry",
        "Voir comment l'IA change déjà les métiers, les produits et la concurrence chez nous.",
        "See how AI is already changing jobs, products and competition in our industry.",
    ),
    # --- Cybersecurity hygiene ---------------------------------------------------------------
    S(
        "phishing-scams",
        "cybersecurity",
        "Hameçonnage et arnaques",
        "Phishing and scams",
        "Reconnaître un faux courriel, un faux appel ou un faux SMS avant de cliquer.",
        "Spot a fake e-mail, call or text message before clicking.",
    ),
    S(
        "password-managers-mfa",
        "cybersecurity",
        "Gestionnaires de mots de passe et double authentification",
        "Password managers and MFA",
        "Avoir des mots de passe solides et différents sans les retenir, et activer la "
        "double authentification.",
        "Keep strong, different passwords without memorising them, and turn on "
        "multi-factor authentication.",
    ),
    S(
        "safe-remote-work",
        "cybersecurity",
        "Travailler à distance en sécurité",
        "Working safely away from the office",
        "Protéger ses données sur un Wi-Fi public, en train ou à la maison.",
        "Protect your data on public Wi-Fi, on the train or at home.",
    ),
    S(
        "privacy-settings",
        "cybersecurity",
        "Réglages de confidentialité",
        "Privacy settings",
        "Contrôler ce que ses applications et ses réseaux sociaux partagent sur soi.",
        "Control what your apps and social networks share about you.",
    ),
    S(
        "deepfakes",
        "cybersecurity",
        "Deepfakes et fausses informations",
        "Deepfakes and misinformation",
        "Repérer une image, une voix ou une vidéo truquée et vérifier une information "
        "avant de la relayer.",
        "Spot a faked picture, voice or video and check a piece of news before sharing it.",
    ),
    S(
        "device-security",
        "cybersecurity",
        "Sécuriser ses appareils",
        "Securing your devices",
        "Faire les mises à jour, verrouiller son écran et savoir réagir à un appareil perdu.",
        "Install updates, lock your screen and know what to do when a device is lost.",
    ),
    # --- New ways of working -----------------------------------------------------------------
    S(
        "remote-team-rituals",
        "new-ways-of-working",
        "Rituels d'équipe à distance",
        "Remote team rituals",
        "Garder le lien dans une équipe dispersée avec des points courts et réguliers.",
        "Keep a scattered team together with short, regular check-ins.",
    ),
    S(
        "hybrid-work",
        "new-ways-of-working",
        "Organiser le travail hybride",
        "Organising hybrid work",
        "Répartir sur place et à distance ce qui marche le mieux à chaque endroit.",
        "Split work between the office and home according to what works best in each place.",
    ),
    S(
        "agile-methods",
        "new-ways-of-working",
        "Méthodes agiles",
        "Agile methods",
        "Avancer par petites étapes, avec des retours fréquents, comme en Scrum ou en Kanban.",
        "Move forward in small steps with frequent feedback, as in Scrum or Kanban.",
    ),
    S(
        "asynchronous-work",
        "new-ways-of-working",
        "Travailler en asynchrone",
        "Working asynchronously",
        "Faire avancer un sujet par écrit sans réunion, chacun à son rythme.",
        "Move a topic forward in writing without a meeting, each at their own pace.",
    ),
    S(
        "focus-and-notifications",
        "new-ways-of-working",
        "Concentration et notifications",
        "Focus and notifications",
        "Protéger son attention face aux sollicitations permanentes et au droit à la déconnexion.",
        "Protect your attention from constant interruptions and respect the right to disconnect.",
    ),
    S(
        "design-thinking",
        "new-ways-of-working",
        "Design thinking",
        "Design thinking",
        "Partir des besoins réels des utilisateurs pour imaginer et tester des solutions.",
        "Start from users' real needs to imagine and test solutions.",
    ),
    S(
        "short-meetings",
        "new-ways-of-working",
        "Des réunions plus courtes et utiles",
        "Shorter, useful meetings",
        "Préparer un ordre du jour, tenir le temps et conclure par des décisions claires.",
        "Prepare an agenda, keep to time and end with clear decisions.",
    ),
    # --- Consumer and societal trends --------------------------------------------------------
    S(
        "gen-z-expectations",
        "trends",
        "Attentes de la génération Z au travail",
        "Gen Z expectations at work",
        "Comprendre ce que les jeunes actifs attendent d'un employeur, d'un manager et d'un poste.",
        "Understand what young employees expect from an employer, a manager and a job.",
    ),
    S(
        "sustainability-consumers",
        "trends",
        "Développement durable et choix de consommation",
        "Sustainability and consumer choices",
        "Savoir comment l'écologie change la façon dont les clients choisissent et achètent.",
        "Learn how environmental concerns change the way customers choose and buy.",
    ),
    S(
        "new-buying-habits",
        "trends",
        "Nouvelles habitudes d'achat",
        "New buying habits",
        "Seconde main, abonnements, achat sur les réseaux sociaux : ce qui change chez les "
        "clients.",
        "Second-hand, subscriptions, buying through social media: what is changing for customers.",
    ),
    S(
        "creator-economy",
        "trends",
        "Influenceurs et économie des créateurs",
        "Influencers and the creator economy",
        "Comprendre le rôle des créateurs de contenu et comment les marques travaillent avec eux.",
        "Understand the role of content creators and how brands work with them.",
    ),
    S(
        "youth-culture",
        "trends",
        "Culture et langage des jeunes",
        "Youth culture and slang",
        "Décoder les références, l'humour et le vocabulaire des moins de 30 ans.",
        "Decode the references, humour and vocabulary of people under 30.",
    ),
    S(
        "news-consumption",
        "trends",
        "Comment on s'informe aujourd'hui",
        "How people get their news today",
        "Podcasts, newsletters, réseaux sociaux : les nouvelles façons de s'informer "
        "et leurs pièges.",
        "Podcasts, newsletters, social media: the new ways to follow the news and their pitfalls.",
    ),
    S(
        "work-life-balance",
        "trends",
        "Équilibre entre vie professionnelle et vie personnelle",
        "Work-life balance",
        "Comprendre comment les attentes sur le temps de travail et la santé mentale évoluent.",
        "Understand how expectations about working time and mental health are changing.",
    ),
    # --- Inclusion and diversity -------------------------------------------------------------
    S(
        "unconscious-bias",
        "inclusion",
        "Biais inconscients",
        "Unconscious bias",
        "Repérer les raccourcis de pensée qui faussent un recrutement, une évaluation ou "
        "une décision.",
        "Notice the mental shortcuts that skew hiring, reviews or decisions.",
    ),
    S(
        "intergenerational-work",
        "inclusion",
        "Faire travailler les générations ensemble",
        "Working across generations",
        "Tirer parti des différences d'âge et d'expérience plutôt que de les subir.",
        "Make the most of differences in age and experience instead of putting up with them.",
    ),
    S(
        "inclusive-language",
        "inclusion",
        "Langage inclusif",
        "Inclusive language",
        "Choisir des mots qui n'excluent personne, à l'écrit comme à l'oral.",
        "Choose words that leave nobody out, in writing and in speech.",
    ),
    S(
        "disability-inclusion",
        "inclusion",
        "Handicap et accessibilité",
        "Disability and accessibility",
        "Accueillir des collègues en situation de handicap et rendre documents et réunions "
        "accessibles.",
        "Welcome colleagues with disabilities and make documents and meetings accessible.",
    ),
    S(
        "neurodiversity",
        "inclusion",
        "Neurodiversité",
        "Neurodiversity",
        "Comprendre les profils comme la dyslexie, le TDAH ou l'autisme et adapter sa façon "
        "de travailler.",
        "Understand profiles such as dyslexia, ADHD or autism and adapt the way you work.",
    ),
    S(
        "gender-equality",
        "inclusion",
        "Égalité femmes-hommes",
        "Gender equality",
        "Agir concrètement pour l'égalité des salaires, des carrières et de la parole.",
        "Take concrete action for equal pay, careers and voice.",
    ),
    S(
        "inclusive-meetings",
        "inclusion",
        "Des réunions où chacun a sa place",
        "Meetings where everyone is heard",
        "Donner la parole à tous, y compris aux plus discrets et aux personnes à distance.",
        "Give everyone a voice, including quieter people and those joining remotely.",
    ),
    # --- Leadership --------------------------------------------------------------------------
    S(
        "giving-feedback",
        "leadership",
        "Donner du feedback",
        "Giving feedback",
        "Dire ce qui va et ce qui ne va pas, de façon précise, bienveillante et utile.",
        "Say what works and what does not, in a precise, kind and useful way.",
    ),
    S(
        "receiving-feedback",
        "leadership",
        "Recevoir du feedback",
        "Receiving feedback",
        "Écouter une critique sans se justifier et en tirer quelque chose.",
        "Listen to criticism without justifying yourself and learn from it.",
    ),
    S(
        "leading-through-change",
        "leadership",
        "Conduire le changement",
        "Leading through change",
        "Expliquer un changement, accompagner les inquiétudes et garder l'équipe mobilisée.",
        "Explain a change, address people's worries and keep the team engaged.",
    ),
    S(
        "delegation",
        "leadership",
        "Déléguer",
        "Delegating",
        "Confier une mission avec le bon niveau d'autonomie et de suivi.",
        "Hand over a task with the right amount of autonomy and follow-up.",
    ),
    S(
        "managing-conflict",
        "leadership",
        "Gérer les conflits",
        "Managing conflict",
        "Désamorcer une tension dans l'équipe et aider chacun à trouver une issue.",
        "Defuse tension in the team and help everyone find a way out.",
    ),
    S(
        "coaching-others",
        "leadership",
        "Accompagner et faire grandir",
        "Coaching others",
        "Poser les bonnes questions pour aider quelqu'un à trouver ses propres solutions.",
        "Ask the right questions to help someone find their own solutions.",
    ),
    S(
        "decision-under-pressure",
        "leadership",
        "Décider sous pression",
        "Deciding under pressure",
        "Garder son calme et trancher quand le temps ou les informations manquent.",
        "Stay calm and make the call when time or information is short.",
    ),
    S(
        "public-speaking",
        "leadership",
        "Prendre la parole en public",
        "Public speaking",
        "Structurer un message et le porter avec aisance devant un auditoire.",
        "Structure a message and deliver it with ease in front of an audience.",
    ),
    # --- Strategy and decision making --------------------------------------------------------
    S(
        "board-meetings",
        "strategy",
        "Animer un comité de direction",
        "Running a board meeting",
        "Préparer les dossiers, mener les débats et obtenir des décisions en comité.",
        "Prepare the papers, lead the discussion and get decisions made at board level.",
    ),
    S(
        "strategic-thinking",
        "strategy",
        "Réflexion stratégique",
        "Strategic thinking",
        "Prendre du recul sur le marché et fixer des priorités à trois ou cinq ans.",
        "Step back to look at the market and set priorities three to five years ahead.",
    ),
    S(
        "reading-financial-statements",
        "strategy",
        "Lire des états financiers",
        "Reading financial statements",
        "Comprendre un bilan, un compte de résultat et les indicateurs qui comptent.",
        "Understand a balance sheet, an income statement and the figures that matter.",
    ),
    S(
        "business-case",
        "strategy",
        "Construire un business case",
        "Building a business case",
        "Chiffrer les coûts, les gains et les risques d'un projet pour convaincre d'investir.",
        "Put figures on a project's costs, benefits and risks to win investment.",
    ),
    S(
        "risk-management",
        "strategy",
        "Gestion des risques",
        "Risk management",
        "Identifier ce qui peut mal tourner et décider quoi faire avant que cela arrive.",
        "Identify what could go wrong and decide what to do before it happens.",
    ),
    S(
        "prioritisation",
        "strategy",
        "Arbitrer et prioriser",
        "Making trade-offs and setting priorities",
        "Choisir ce qu'on fait, ce qu'on reporte et ce qu'on abandonne, et l'expliquer.",
        "Choose what to do, postpone or drop, and explain why.",
    ),
    S(
        "long-term-vision",
        "strategy",
        "Porter une vision à long terme",
        "Setting a long-term vision",
        "Formuler une direction claire qui donne du sens aux projets de tous les jours.",
        "Put into words a clear direction that gives meaning to everyday projects.",
    ),
    # --- Negotiation and influence -----------------------------------------------------------
    S(
        "negotiation",
        "influence",
        "Négociation",
        "Negotiation",
        "Préparer une négociation, connaître ses marges et conclure un accord durable.",
        "Prepare a negotiation, know your room for manoeuvre and reach a lasting agreement.",
    ),
    S(
        "persuasion",
        "influence",
        "Convaincre et argumenter",
        "Persuasion",
        "Construire un argumentaire adapté à son interlocuteur et répondre aux objections.",
        "Build an argument suited to your audience and answer objections.",
    ),
    S(
        "stakeholder-management",
        "influence",
        "Embarquer les parties prenantes",
        "Stakeholder management",
        "Savoir qui compte sur un projet, ce qu'ils veulent et comment les associer.",
        "Know who matters on a project, what they want and how to involve them.",
    ),
    S(
        "difficult-conversations",
        "influence",
        "Conversations difficiles",
        "Difficult conversations",
        "Aborder un sujet délicat franchement, sans abîmer la relation.",
        "Raise a sensitive topic openly without damaging the relationship.",
    ),
    S(
        "executive-communication",
        "influence",
        "Communiquer avec la direction",
        "Communicating with senior leaders",
        "Aller droit à l'essentiel et présenter une recommandation en quelques minutes.",
        "Get straight to the point and present a recommendation in a few minutes.",
    ),
    S(
        "storytelling",
        "influence",
        "Storytelling",
        "Storytelling",
        "Raconter une histoire qui rend une idée ou des chiffres mémorables.",
        "Tell a story that makes an idea or a set of figures memorable.",
    ),
    # --- Industry and customer knowledge -----------------------------------------------------
    S(
        "industry-history",
        "business",
        "Histoire et fonctionnement du secteur",
        "How our industry works",
        "Connaître les acteurs, les règles et les grandes évolutions de notre marché.",
        "Know the players, the rules and the major shifts of our market.",
    ),
    S(
        "key-accounts",
        "business",
        "Grands comptes et clients clés",
        "Key accounts",
        "Comprendre les attentes de nos principaux clients et l'histoire de la relation.",
        "Understand what our main customers expect and the history of the relationship.",
    ),
    S(
        "customer-journey",
        "business",
        "Parcours client",
        "Customer journey",
        "Suivre chaque étape vécue par un client, de la découverte au service après-vente.",
        "Follow every step a customer goes through, from discovery to after-sales service.",
    ),
    S(
        "competitive-landscape",
        "business",
        "Concurrence",
        "Competitive landscape",
        "Savoir ce que font nos concurrents, anciens comme nouveaux venus.",
        "Know what our competitors do, both established players and newcomers.",
    ),
    S(
        "regulation",
        "business",
        "Réglementation du secteur",
        "Industry regulation",
        "Connaître les lois et les normes qui encadrent notre activité.",
        "Know the laws and standards that govern our business.",
    ),
    S(
        "business-model",
        "business",
        "Modèle économique de l'entreprise",
        "How the company makes money",
        "Comprendre d'où viennent nos revenus, nos coûts et nos marges.",
        "Understand where our revenue, costs and margins come from.",
    ),
    S(
        "field-experience",
        "business",
        "Réalité du terrain",
        "Life on the front line",
        "Comprendre le quotidien des équipes en magasin, en usine ou chez le client.",
        "Understand day-to-day life for teams in shops, plants or at customers' sites.",
    ),
    # --- Career and navigating the organisation ----------------------------------------------
    S(
        "navigating-organisation",
        "career",
        "Comprendre l'organisation",
        "Navigating the organisation",
        "Savoir qui décide quoi, comment circule l'information et à qui s'adresser.",
        "Know who decides what, how information travels and whom to ask.",
    ),
    S(
        "building-network",
        "career",
        "Se construire un réseau",
        "Building a network",
        "Créer et entretenir des relations utiles, dans l'entreprise et au-dehors.",
        "Build and keep up useful relationships, inside and outside the company.",
    ),
    S(
        "career-planning",
        "career",
        "Construire son parcours professionnel",
        "Career planning",
        "Se fixer des objectifs, repérer les postes possibles et préparer l'étape suivante.",
        "Set goals, spot possible roles and prepare the next step.",
    ),
    S(
        "internal-mobility",
        "career",
        "Mobilité interne",
        "Internal mobility",
        "Changer de poste ou de métier au sein de l'entreprise et réussir la transition.",
        "Move to another job or field within the company and make the transition work.",
    ),
    S(
        "corporate-codes",
        "career",
        "Codes et culture de l'entreprise",
        "Company culture and unwritten rules",
        "Décrypter les usages, les rituels et les règles non écrites de la maison.",
        "Decode the customs, rituals and unwritten rules of the company.",
    ),
    S(
        "visibility",
        "career",
        "Rendre son travail visible",
        "Making your work visible",
        "Faire connaître ses résultats sans se vanter et obtenir la reconnaissance méritée.",
        "Make your results known without bragging and get the credit you deserve.",
    ),
    S(
        "annual-review",
        "career",
        "Préparer son entretien annuel",
        "Preparing your annual review",
        "Faire le bilan de l'année, défendre ses réussites et négocier ses objectifs.",
        "Review the year, stand up for your achievements and negotiate your goals.",
    ),
)


def install(category_model, skill_model) -> None:
    """Create or update the built-in categories and skills, matched by slug (idempotent).

    Takes the model classes so that the data migration can pass its historical models and
    test fixtures the current ones (a flushed test database loses the migration's rows).
    """
    categories = {}
    for position, category in enumerate(CATEGORIES, start=1):
        categories[category.slug], _created = category_model.objects.update_or_create(
            slug=category.slug,
            defaults={
                "name_fr": category.name_fr,
                "name_en": category.name_en,
                "position": position,
            },
        )
    for skill in SKILLS:
        skill_model.objects.update_or_create(
            slug=skill.slug,
            defaults={
                "category": categories[skill.category],
                "label_fr": skill.label_fr,
                "label_en": skill.label_en,
                "description_fr": skill.description_fr,
                "description_en": skill.description_en,
                "built_in": True,
            },
        )
