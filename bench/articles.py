"""The articles the intake benchmark reports errors in: wire-style news written for errata.

Invented for the benchmark (names, figures and events are fictitious); long enough that
readers' reports spread over many passages, as they do on a real article.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchArticle:
    path: str
    title: str
    language: str
    text: str


ARTICLES: tuple[BenchArticle, ...] = (
    BenchArticle(
        path="/economie/port-de-sete-extension",
        title="Le port de Sète engage une extension de 140 millions d'euros",
        language="fr",
        text="""SÈTE (Hérault), 14 mars — Le conseil portuaire de Sète a approuvé jeudi un
programme d'extension de 140 millions d'euros, qui doit porter la capacité du terminal à
conteneurs à 300 000 unités par an d'ici à 2029, a annoncé la présidente du directoire,
Mme Hélène Castagné.

Le vote a recueilli 17 voix pour et 4 contre. Les représentants des pêcheurs, opposés au
déplacement de deux quais de débarquement, ont voté contre, selon le procès-verbal consulté
par l'agence.

« Nous rattrapons un retard de quinze ans sur Marseille et Tarragone », a déclaré
Mme Castagné lors d'une conférence de presse, ajoutant que le trafic du port avait progressé
de 11 % en 2025, à 5,2 millions de tonnes.

La région Occitanie apportera 62 millions d'euros, l'État 38 millions et l'établissement
portuaire le solde, par un emprunt de 40 millions auprès de la Banque européenne
d'investissement. Les travaux de dragage commenceront à l'automne et dureront dix-huit mois.

Le maire de Sète, M. Bernard Aubagne, a salué « un projet structurant pour le bassin de
Thau », tout en demandant des garanties sur la qualité de l'eau de l'étang, où
travaillent 450 conchyliculteurs. Une étude d'impact de 900 pages sera soumise à enquête
publique du 2 au 30 juin.

L'association Thau Vivant a annoncé un recours devant le tribunal administratif de
Montpellier, estimant que le dragage de 1,3 million de mètres cubes de sédiments menace les
herbiers de posidonies. Le préfet de l'Hérault, M. Laurent Védrine, doit rendre son avis
avant la fin de l'été.""",
    ),
    BenchArticle(
        path="/world/harbour-bridge-reopens",
        title="Bridge reopens after 14-month, $310 million repair",
        language="en",
        text="""HALIFAX, Nova Scotia, March 14 — The Narrows Harbour Bridge reopened to traffic on
Thursday after a 14-month repair that cost 310 million Canadian dollars, about 40 million
more than first budgeted, the provincial transport minister, Ms. Deborah Kinsella, said.

The 1.2-kilometre crossing, which carried 48,000 vehicles a day before it closed in January
of last year, had its deck replaced in 212 prefabricated sections, each lowered into place
overnight to keep the shipping channel open.

"We promised a bridge that will last another 75 years, and that is what we are delivering,"
Ms. Kinsella told reporters at the toll plaza, adding that tolls would stay at 1.25 dollars
for cars until at least 2027.

The opposition transport critic, Mr. Paul Arsenault, said the overrun showed the province
had underestimated the corrosion found in the original steel, and called for the
engineering reports to be published in full. The ministry said they would be released
within 60 days.

Commuters on the Dartmouth side had faced detours of up to 40 minutes during the closure,
and a temporary ferry service carried 1.9 million passengers, according to the regional
transit authority. The ferry will run until the end of April.

Traffic engineers expect volumes to return to their former level by the summer. A cycling
lane, three metres wide, opens on the east side of the deck in May.""",
    ),
)
