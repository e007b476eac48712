"""Every cleaner rule, line and DOM, with remove-cases and keep-cases in en, de, fr and es.

Keep-cases are real news sentences that use a rule's trigger words; each must survive *every*
rule, so a rule that starts eating real prose fails here. The case tables are keyed by rule name
and checked against ``LINE_RULES``/``DOM_RULES``: a new rule without cases fails a test.
"""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from herald_scraper.extraction.boilerplate import (
    DOM_RULES,
    LINE_RULES,
    CleanerConfig,
    clean_lines,
    dom_rule,
    line_rule,
    prune_dom,
)

LANGS = ("en", "de", "fr", "es")

# rule -> {"remove": {lang: [lines]}, "keep": {lang: [lines]}}
LINE_CASES: dict[str, dict[str, dict[str, list[str]]]] = {
    "ad_label": {
        "remove": {
            "en": ["-Advertisement-", "ADVERTISEMENT", "Sponsored content"],
            "de": ["Anzeige", "- Werbung -"],
            "fr": ["Publicité"],
            "es": ["Publicidad", "Anuncio"],
        },
        "keep": {
            "en": ["Advertising revenue fell 4% in the third quarter, the company said."],
            "de": ["Die Anzeige gegen den Bürgermeister wurde am Montag zurückgezogen."],
            "fr": ["La publicité pour les jeux d'argent sera interdite à la télévision dès mai."],
            "es": ["La publicidad institucional creció un 12% durante el último año electoral."],
        },
    },
    "ad_continues": {
        "remove": {
            "en": ["Story continues below advertisement", "Article continues after this ad"],
            "de": ["Weiter nach der Anzeige"],
            "fr": ["La suite après cette publicité"],
            "es": ["La noticia continúa tras la publicidad", "Sigue después de la publicidad"],
        },
        "keep": {
            "en": ["The story continues below the surface, where divers found a second wreck."],
            "de": ["Der Streit geht weiter, nach der Anzeige des Nachbarn ermittelt die Polizei."],
            "fr": ["La suite de l'enquête, après cette publicité mensongère, reste incertaine."],
            "es": ["La campaña continúa tras la publicidad engañosa denunciada por Consumo."],
        },
    },
    "follow_us": {
        "remove": {
            "en": [
                "For the latest updates and news follow The Eastern Herald on Google News, "
                "Instagram, Facebook, and Twitter.",
                "Follow us on Twitter for breaking news.",
                "Like Metro News on Facebook",
                "Follow the Harbourside Gazette on Mastodon, Facebook and Instagram.",
            ],
            "de": ["Folgen Sie uns auf Instagram und Facebook.", "Folgt Tagesblatt auf Telegram"],
            "fr": ["Suivez-nous sur Twitter et Facebook."],
            "es": [
                "Síguenos en Twitter e Instagram.",
                "Siguenos en Telegram, Instagram, Facebook y Twitter",
                "Únete a nuestro canal de WhatsApp",
                "¡Mira lo que tiene nuestro canal de YouTube!",
            ],
        },
        "keep": {
            "en": [
                "Police said they would follow up on claims on Facebook that the boy was taken.",
                "Millions of fans follow Taylor Swift on Instagram, where she announced the tour.",
                "Protesters join WhatsApp groups to organise marches, organisers said.",
            ],
            "de": ["Die Partei folgt Merkel bei der Abstimmung über den Haushalt, hieß es."],
            "fr": ["Les enquêteurs suivent la piste d'un compte Facebook créé en mars."],
            "es": ["El presidente sigue a Trump en Twitter desde 2016, según su equipo."],
        },
    },
    "support_us": {
        "remove": {
            "en": [
                "To show your support for The Eastern Herald click here.",
                "Please donate to keep our newsroom running.",
                "Become a member today.",
                "We are a reader-supported publication.",
            ],
            "de": ["Unterstützen Sie unseren Journalismus.", "Werden Sie jetzt Mitglied!"],
            "fr": ["Soutenez notre journalisme indépendant.", "Devenez membre dès aujourd'hui."],
            "es": ["Apoya nuestro periodismo.", "Hazte socio de El Diario."],
        },
        "keep": {
            "en": [
                "Residents were urged to donate to the food bank before the holidays.",
                "He hoped to become a member of the European Parliament in 2024.",
                "The foundation will support independent journalism in the region with $5m.",
                "The reader-supported outlet ProPublica first reported the payments.",
            ],
            "de": ["Die Stiftung will unabhängigen Journalismus mit fünf Millionen Euro fördern."],
            "fr": ["Le fonds soutient le journalisme local dans douze départements, selon l'État."],
            "es": ["El gobierno apoya el periodismo local con subvenciones, dijo la ministra."],
        },
    },
    "newsletter": {
        "remove": {
            "en": [
                "Sign up for our daily newsletter.",
                "Sign up for The Water Coolest today to get the free daily newsletter delivered "
                "to your inbox daily.",
                "Subscribe to our Newsletter",
                "Get the Morning Brief sent straight to your inbox.",
            ],
            "de": [
                "Lust auf mehr? Lass dir die besten Storys jede Woche in deinen Posteingang "
                "liefern. Melde dich hier für unseren Newsletter an!",
                "Abonnieren Sie unseren Newsletter.",
                "Jetzt kostenlos anmelden",
                "Zum Newsletter anmelden",
            ],
            "fr": ["Inscrivez-vous à notre newsletter quotidienne."],
            "es": ["Suscríbete a nuestro boletín diario.", "Suscríbete"],
        },
        "keep": {
            "en": [
                "Subscribers to the water utility will see bills rise by 6% from April.",
                "Residents can sign up for the council's flood alerts, officials said.",
                "More than 20,000 people have signed up to the charity's newsletter since May.",
            ],
            "de": ["Bürger können den Newsletter der Stadt ab Montag abonnieren, hieß es."],
            "fr": ["Plus de 3 000 habitants se sont abonnés à la lettre de la mairie en mai."],
            "es": ["Los vecinos que se registraron en el boletín municipal recibirán avisos."],
        },
    },
    "subscription_nag": {
        "remove": {
            "en": [
                "Discover more from The Eastern Herald",
                "Subscribe now to keep reading and get access to the full archive.",
                "Subscribe to get the latest posts sent to your email.",
                "Continue reading",
                "Already a subscriber? Log in",
                "Already have an account? Sign in",
            ],
            "de": ["Bereits Abonnent? Hier anmelden", "Sie haben bereits ein Abo? Hier anmelden"],
            "fr": ["Déjà abonné ? Connectez-vous", "Lire la suite"],
            "es": ["¿Ya eres suscriptor? Inicia sesión", "Seguir leyendo"],
        },
        "keep": {
            "en": [
                "Readers who discover more from the archive can request copies, the library said.",
                "She subscribed to get the latest posts from the campaign, she told the court.",
                "Users who already have an account will keep their data, the bank said.",
            ],
            "de": ["Wer bereits ein Abo hat, zahlt ab Mai 2 Euro mehr, teilte der Verlag mit."],
            "fr": ["Les clients déjà abonnés au service conserveront leur tarif jusqu'en juin."],
            "es": ["Los clientes que ya eran suscriptores mantendrán el precio hasta junio."],
        },
    },
    "paywall_prompt": {
        "remove": {
            "en": [
                "Subscribe to continue reading",
                "Log in to continue reading",
                "This story is available exclusively to subscribers.",
                "This article is only available to subscribers.",
                "To view the full story, please subscribe to The Haitian Times.",
                "Subscribe now to our eNATION edition for the full story.",
            ],
            "de": ["Jetzt weiterlesen mit Z+", "Dieser Artikel ist exklusiv für Abonnenten."],
            "fr": [
                "Il vous reste 75% de cet article à lire.",
                "Cet article est réservé aux abonnés.",
                "Vous souhaitez lire la suite ? Abonnez-vous",
            ],
            "es": ["Este contenido es exclusivo para suscriptores."],
        },
        "keep": {
            "en": [
                "She was already a subscriber to the service when the prices rose.",
                "Investigators did not get full access to the plant until Tuesday.",
                "The event is for subscribers only in the first week, organisers said.",
                "The offer is available only to members who joined before 2020.",
                "Volunteers log in to continue reading the ballots each morning, officials said.",
            ],
            "de": ["Das Angebot gilt nur für Abonnenten der Zeitung, die vor 2020 zahlten."],
            "fr": ["Ce service de la SNCF est réservé aux abonnés depuis le mois de mars."],
            "es": ["Los operadores ofrecen un canal exclusivo para suscriptores de Movistar."],
        },
    },
    "subscription_offer": {
        "remove": {
            "en": [
                "First month for just $1. Cancel anytime.",
                "Subscribe now: $4 a month",
                "Get Moneycontrol Pro for as little as Rs 599 for the first year. Use the code "
                "GETPRO.",
                "Try 4 weeks for $1",
            ],
            "de": ["Erster Monat für 1 €, jederzeit kündbar", "4 Wochen gratis testen"],
            "fr": ["Premier mois à 1 €, sans engagement"],
            "es": ["Primer mes por 1 €", "Suscríbete por 2 euros al mes"],
        },
        "keep": {
            "en": [
                "In the first month of 2024, exports fell 3% to $12bn.",
                "Inspectors were denied full access to the site, which cost $2m to build.",
                "Tickets sell for just $5 at the door.",
            ],
            "de": ["Im ersten Monat stiegen die Preise auf 2,50 € pro Liter."],
            "fr": ["Le premier mois, le prix du gazole a atteint 1,90 € le litre."],
            "es": [
                "Una guerra sin límites costaría 40 millones de euros al día, según el informe."
            ],
        },
    },
    "teaser": {
        "remove": {
            "en": [
                "Also read: NATO summit ends without deal",
                "Related: Storm hits coast",
                "Watch: the rescue",
                "Also on rt.com Journalists threatened with sedition arrests in Bolivia",
            ],
            "de": [
                "Lesen Sie auch: Streit um Haushalt",
                "Mehr zum Thema: Energiepreise",
                "Das Thema könnte dich auch interessieren: Sparen",
            ],
            "fr": ["Lire aussi : Le gouvernement recule", "À lire aussi - Le budget"],
            "es": [
                "Lee también: El Gobierno aprueba el plan",
                "Te puede interesar: Nueva ley",
                "VEA TAMBIÉN: Entre heces y guaricha",
                "Lea más: Ortega propone legalizar la marihuana",
            ],
        },
        "keep": {
            "en": [
                "Watch-makers in Switzerland reported a 7% fall in exports in October.",
                "Related-party transactions rose sharply, the auditor said.",
                "Read more than 200 pages of the report and the picture is bleak.",
            ],
            "de": ["Lesen Sie auch die Vorgaben des Ministeriums, riet der Anwalt den Eltern."],
            "fr": ["Voir aussi loin dans l'avenir est impossible, a reconnu le ministre."],
            "es": ["Más información sobre el brote será publicada el lunes, dijo Sanidad."],
        },
    },
    "widget_heading": {
        "remove": {
            "en": ["Latest News", "Public Reaction", "Most read", "Comments", "Share this article"],
            "de": [
                "Meistgelesen",
                "Kommentare",
                "Empfohlene Beiträge",
                "Inhaltsverzeichnis",
                "Vorschau auf den nächsten Artikel",
            ],
            "fr": ["Les plus lus", "Commentaires"],
            "es": ["Lo más leído", "Últimas noticias", "No te lo pierdas"],
        },
        "keep": {
            "en": ["The latest news from the front was grim, the general told reporters."],
            "de": ["Die Kommentare des Ministers sorgten im Bundestag für Empörung."],
            "fr": ["Les plus lus des auteurs du prix ont été invités à l'Élysée."],
            "es": ["Los comentarios del alcalde provocaron críticas de la oposición."],
        },
    },
    "share_bar": {
        "remove": {
            "en": [
                "Share on Facebook",
                "Facebook Twitter Email",
                "Click to share on WhatsApp",
                "Like this story? Share it with a friend!",
            ],
            "de": ["Teilen auf Facebook", "Diesen Artikel teilen: WhatsApp"],
            "fr": ["Partager sur Facebook"],
            "es": ["Compartir en WhatsApp"],
        },
        "keep": {
            "en": [
                "Share prices at Facebook fell 4% on Tuesday.",
                "Shares in Twitter rose after the deal.",
            ],
            "de": ["Teilen wollen die Länder die Kosten nicht, auch nicht mit Facebook."],
            "fr": ["Partager les données avec Facebook est interdit, rappelle la CNIL."],
            "es": ["Compartir fotos en Instagram de menores será multado, anunció el Gobierno."],
        },
    },
    "byline_widget": {
        "remove": {
            "en": ["Published on:", "Updated"],
            "de": ["Veröffentlicht am"],
            "fr": ["Publié le"],
            "es": ["Publicado el"],
        },
        "keep": {
            "en": ["Published on Monday, the report found 40% of rivers polluted."],
            "de": ["Veröffentlicht wurde die Studie am Montag in Nature."],
            "fr": ["Publié le 3 mai, le rapport a suscité de vives réactions."],
            "es": ["Publicado el lunes, el informe revela un aumento del paro."],
        },
    },
    "photo_credit": {
        "remove": {
            "en": ["Photo: Reuters", "Image by John Smith", "© AP"],
            "de": ["Foto: dpa", "Bild: Imago", "picture alliance / dpa"],
            "fr": [
                "Crédit photo : AFP",
                "AFP / MARCO BERTORELLO",
                "Marco Odermatt, star du ski suisse. © AFP / MARCO BERTORELLO",
            ],
            "es": ["Foto: EFE", "Fuente: Europa Press", "El presidente, en Madrid. (Foto: EFE)"],
        },
        "keep": {
            "en": ["Sources said the minister would resign before Friday."],
            "de": ["Fotos von dem Unfall kursierten schnell in sozialen Netzwerken."],
            "fr": ["Les photos de l'incendie ont été transmises aux enquêteurs."],
            "es": ["Fuentes del ministerio confirmaron la dimisión del director."],
        },
    },
    "copyright": {
        "remove": {
            "en": ["© 2024 The Eastern Herald. All rights reserved.", "Copyright 2019 Reuters"],
            "de": ["© 2024 Tagesblatt GmbH. Alle Rechte vorbehalten."],
            "fr": ["© Le Courrier 2024. Tous droits réservés."],
            "es": ["© 2024 El Diario. Todos los derechos reservados."],
        },
        "keep": {
            "en": ["Copyright lawsuits against AI companies rose sharply in 2023."],
            "de": ["Das Urheberrecht schützt auch Fotos, die in sozialen Netzwerken stehen."],
            "fr": ["Les droits d'auteur des journalistes sont réservés par la loi de 2009."],
            "es": ["Los derechos de autor de la obra fueron reservados por la familia."],
        },
    },
    "author_bio": {
        "remove": {
            "en": [
                "Russia Desk validates the stories published under this byline.",
                "About the author",
                "She can be reached at jane.doe@example.com.",
                "Follow her on Twitter @janedoe.",
            ],
            "de": ["Über den Autor"],
            "fr": ["À propos de l'auteur"],
            "es": ["Sobre la autora"],
        },
        "keep": {
            "en": ["Fans follow her on Instagram, where she posted the news on Sunday."],
            "de": ["Über den Autor des Briefes ist wenig bekannt, sagte die Polizei."],
            "fr": ["À propos de l'auteur présumé, les enquêteurs restent prudents."],
            "es": ["Sobre el autor del ataque pesa una orden de busca y captura."],
        },
    },
    "affiliate_disclosure": {
        "remove": {
            "en": [
                "If you buy something through this post, IGN may get a share of the sale.",
                "We may earn a commission from links on this page.",
                "We recommend the best products. We may receive compensation if you visit "
                "partners we recommend.",
            ],
            "de": ["Anzeige, enthält Affiliate Links", "Dieser Artikel enthält Affiliate-Links."],
            "fr": ["Cet article contient des liens d'affiliation."],
            "es": ["Este artículo contiene enlaces de afiliados."],
        },
        "keep": {
            "en": ["If you buy a house this year, expect to pay 7% interest, brokers said."],
            "de": ["Die Provision für Makler zahlt seit 2020 auch der Käufer."],
            "fr": ["Les affiliés du réseau ont été arrêtés à Marseille."],
            "es": ["Los afiliados a la Seguridad Social crecieron en 20.000 en octubre."],
        },
    },
    "app_promo": {
        "remove": {
            "en": [
                "For the latest stories and breaking news updates download the Nationnews "
                "apps for iOS and Android.",
                "Download our app.",
            ],
            "de": ["Laden Sie jetzt die Tagesblatt-App herunter."],
            "fr": ["Téléchargez l'application Le Courrier."],
            "es": ["Descarga nuestra app y recibe alertas."],
        },
        "keep": {
            "en": ["Users who download the app are asked for their location, researchers said."],
            "de": ["Die Corona-App wurde bis Montag 20 Millionen Mal heruntergeladen."],
            "fr": ["L'application a été téléchargée 3 millions de fois en une semaine."],
            "es": ["La app fue descargada por dos millones de usuarios en un mes."],
        },
    },
    "meta_label": {
        "remove": {
            "en": [
                "Category: News",
                "Last Modified:",
                "Release Date:",
                "3:59 PM",
                "January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments",
            ],
            "de": [
                "Kategorie: Politik",
                "Telefon: +49 - (40) - 300 30 - 1141",
                "Kommentare insgesamt:",
                "Letzte Änderung 14.02.2019",
                "24. März 2004, 19:49 | Genesis",
                "Video verfügbar bis 28.02.2021",
            ],
            "fr": [
                "Catégorie : Société",
                "Dernière mise à jour :",
                "Vidéo disponible jusqu'au 28/02/2021",
            ],
            "es": ["Archivado en: Sequía", "Teléfono: 912 345 678", "ELDIARIO.ES"],
        },
        "keep": {
            "en": [
                "Category 5 storms are now twice as common, the study found.",
                "At 3:59 PM police arrived and closed the road to traffic.",
                "Amazon.com shares rose 4% after the results.",
                "www.jeongdongtheater.com",
            ],
            "de": ["Telefonbetrüger erbeuteten in Berlin 2 Millionen Euro, so die Polizei."],
            "fr": ["Dernière mise à jour de la loi : le Sénat a voté le texte mardi."],
            "es": ["El teléfono de la víctima fue hallado a 3 km, según la Guardia Civil."],
        },
    },
    "byline": {
        "remove": {
            "en": ["By Jane Doe and John Roe", "By U.S. CUSTOMS AND BORDER PROTECTION"],
            "de": ["Von Anna Muster"],
            "fr": ["Par Jean Dupont"],
            "es": ["Por María López y Juan Pérez"],
        },
        "keep": {
            "en": ["By Tuesday, the river had risen two metres."],
            "de": ["Von Berlin aus wurde die Aktion koordiniert."],
            "fr": ["Par ailleurs, le maire a démissionné."],
            "es": ["Por la tarde, el Gobierno anunció nuevas medidas."],
        },
    },
    "shortcode": {
        "remove": {
            "en": ['[button link="/submit-review/" type="big"] Send us YOUR kit review[/button]'],
            "de": ['[caption id="a1"]Der Hafen im Mai.[/caption]'],
            "fr": ["[vc_row][vc_column]Le port en mai.[/vc_column][/vc_row]"],
            "es": ['[gallery ids="1,2,3"]'],
        },
        "keep": {
            "en": ["The court heard [the defendant] had sent the button to the lab in May."],
            "de": ["Die Firma [Name geändert] hatte den Hafen im Mai verlassen."],
            "fr": ["Le maire [de Lyon] a inauguré la galerie vidéo du musée mardi."],
            "es": ["El alcalde [de Sevilla] presentó el vídeo de la campaña el lunes."],
        },
    },
    "comment_prompt": {
        "remove": {
            "en": ["You must be logged in to post a comment.", "Leave a comment"],
            "de": [
                "Du musst Eingeloggt sein um Kommentare zu schreiben! oder noch gar nicht "
                "Registriert?"
            ],
            "fr": ["Vous devez être connecté pour publier un commentaire."],
            "es": ["Debes estar registrado para comentar.", "Deja un comentario"],
        },
        "keep": {
            "en": ["Users must be logged in to comment on the platform, Meta said on Monday."],
            "de": ["Sie müssen angemeldet sein, sagte der Beamte, sonst gebe es kein Geld."],
            "fr": ["Vous devez être connecté au réseau, a expliqué le technicien aux clients."],
            "es": ["Los comentarios del ministro, registrados en vídeo, causaron polémica."],
        },
    },
    "click_here": {
        "remove": {
            "en": [
                "Click here to read the full report.",
                "For the full schedule, click here.",
                "GET FOX BUSINESS ON THE GO BY CLICKING HERE",
            ],
            "de": [
                "Klicken Sie hier für die Bildergalerie.",
                "Hier geht es zur neuen Vorstandsstruktur",
                "Klicken Sie auf den unteren Button, um das Video zu starten.",
            ],
            "fr": ["Cliquez ici pour voir la vidéo."],
            "es": ["Haz clic aquí para ver el vídeo."],
        },
        "keep": {
            "en": [
                "Victims were told to click here by fraudsters posing as bank staff, police said."
            ],
            "de": [
                "Wer auf den Link klickt, landet auf einer gefälschten Seite, warnte die Polizei."
            ],
            "fr": ["Les victimes cliquaient sur un lien envoyé par SMS, selon le parquet."],
            "es": ["Los usuarios que hicieron clic en el enlace perdieron sus ahorros."],
        },
    },
}


# Wordings from the second batch of golden pages and a list of phrasings no fixture uses.
_MORE_CASES: dict[str, dict[str, dict[str, list[str]]]] = {
    "page_widget": {
        "remove": {
            "en": [
                "View all posts by Marcus Ellery",
                "What's your reaction?",
                "Like this:",
                "Like Loading...",
                "Follow us",
                "Read more",
                "Print this article",
                "Listen to this article 5 min",
                "4 min read",
                "Back to top",
                "Comments are closed.",
                "Sponsored by Acme Bank",
                "Got a news tip? Email us at tips@herald.example",
            ],
            "de": ["Alle Artikel von Jana Weber", "Lesezeit: 3 Minuten", "Zurück nach oben"],
            "fr": ["Tous les articles de Claire Dubois", "Temps de lecture : 4 min", "Imprimer"],
            "es": ["Más artículos de Elena Ruiz", "Tiempo de lectura: 3 min", "Volver arriba"],
        },
        "keep": {
            "en": [
                "Read more than 200 pages of the report and the picture is bleak.",
                "Back to top form, Nadal won in three straight sets on Sunday.",
                "Sponsored by the city, the festival drew 40,000 visitors.",
                "Print circulation fell 12% last year, the publisher said.",
            ],
            "de": ["Alle Artikel von Karl Kraus wurden 1936 verboten, so der Historiker."],
            "fr": ["Tous les articles de la loi ont été adoptés mardi par le Sénat."],
            "es": ["Todos los artículos de la ley fueron aprobados el martes en el Congreso."],
        },
    },
    "photo_credit": {
        "remove": {"de": ["Copyright: Gisele Wender"], "en": ["Photograph: Jane Doe/AP"]},
        "keep": {"en": ["Copyright lawyers said the ruling would be appealed."]},
    },
    "ad_continues": {
        "remove": {
            "en": [
                "Advertisement - scroll to continue",
                "SCROLL TO CONTINUE WITH CONTENT",
                "Story continues below",
            ],
        },
        "keep": {
            "en": ["Scroll to continue the tour, the museum app tells visitors in 12 languages."]
        },
    },
    "follow_us": {
        "remove": {
            "en": ["We have a WhatsApp channel: join it for breaking news."],
            "es": [
                "¿Ya sabías que en Guatemala.com tenemos canal de Telegram? Únete desde tu "
                "celular en este enlace de invitación."
            ],
            "de": ["Folgen Sie dem Oberland-Kurier auch auf Instagram und Facebook."],
            "fr": [
                "Pour ne rien manquer de l'actualité, suivez L'Écho des Vallées sur Google "
                "Actualités."
            ],
        },
        "keep": {
            "en": ["The ministry said it would have a channel on Telegram by the end of May."],
            "de": ["Folgen Sie dem Fluss auf dem Radweg, erklärt der Tourismusverband."],
            "fr": ["Les maires se sont engagés à suivre de près l'avancement du chantier."],
        },
    },
    "support_us": {
        "remove": {
            "en": [
                "The Meridian Post is reader-funded. If you value our reporting, please "
                "consider making a contribution.",
                "We need your help Help us continue to spread the magic of words Donate",
            ],
            "de": [
                "Guter Lokaljournalismus kostet Geld. Unterstützen Sie unsere Arbeit – jetzt "
                "Förderer werden.",
                "Unterstützen Sie unseren Lokaljournalismus – jetzt Abo abschließen.",
            ],
        },
        "keep": {
            "en": [
                "The clinic is reader-funded in name only, the audit found, citing grants.",
                "“We need your help to find him,” his mother told reporters on Monday.",
            ],
            "de": [
                "Wer Förderer werden will, muss 50 Euro im Jahr zahlen, sagte der Vorstand.",
                "Wer jetzt ein Abo abschließen will, zahlt ab Mai zwei Euro mehr, sagte der Verlag.",
                "Die Stiftung will den Lokaljournalismus mit fünf Millionen Euro unterstützen.",
            ],
        },
    },
    "newsletter": {
        "remove": {
            "en": ["Sign up for our free daily briefing.", "Type your email…"],
            "de": ["Ihre E-Mail-Adresse"],
            "fr": ["Votre adresse e-mail"],
            "es": [
                "Tu correo electrónico",
                "Puede escribirnos o seguirnos en redes, o suscribirse aquí a nuestra newsletter.",
            ],
        },
        "keep": {
            "en": [
                "Residents can sign up for the county's flood alerts at the library.",
                "Type your email address carefully, the bank warned customers after the breach.",
            ],
        },
    },
    "teaser": {
        "remove": {"fr": ["À lire également : Transports : la Région vote un budget"]},
        "keep": {"fr": ["À lire également les rapports de 2019, on comprend le retard pris."]},
    },
    "widget_heading": {
        "remove": {
            "en": ["Related News"],
            "de": ["Mehr zum Thema"],
            "fr": ["À lire aussi"],
            "es": ["Te puede interesar"],
        },
        "keep": {"en": ["Related news outlets were also fined, the regulator said."]},
    },
    "share_bar": {
        "remove": {
            "en": ["Did you enjoy this article? Share it"],
            "de": ["Hat Ihnen dieser Artikel gefallen? Teilen Sie ihn"],
            "fr": ["Cet article vous a plu ? Partagez-le ! Facebook · X · E-mail"],
            "es": ["Comparte esta noticia: Facebook | X | WhatsApp", "Comparte esta noticia"],
        },
        "keep": {
            "es": ["Comparte esta noticia la mitad de los diarios regionales, según el estudio."],
            "fr": ["Cet article vous a plu, a écrit un lecteur, mais il omet l'essentiel."],
        },
    },
    "meta_label": {
        "remove": {
            "en": [
                "Published on: June 10, 2024",
                "Updated: 10 June 2024 09:15",
                "Last updated on June 10, 2024",
                "Tags: NATO, Russia",
                "Filed under: Conflicts",
                "Friday, June 21, 2024",
            ],
            "de": ["Veröffentlicht am 3. Juni 2025, 10:12 Uhr", "Dienstag, 10. Juni 2025"],
            "fr": ["Publié le 22 septembre 2025 à 07h30", "mercredi 24 septembre 2025"],
            "es": ["Actualizado: 06/03/2025 10:21", "sábado, 8 de marzo de 2025"],
        },
        "keep": {
            "en": [
                "Updated June 10 to include the mayor's response.",
                "On Friday, June 21, 2024 the council met for the last time.",
                "Tags were found on 40 birds released in the park.",
            ],
            "de": ["Am Dienstag, 10. Juni 2025, beginnt der Prozess in München."],
            "fr": ["Publié le 22 septembre, le rapport a fait grand bruit."],
            "es": ["El sábado, 8 de marzo de 2025, miles de mujeres salieron a la calle."],
        },
    },
}
for _name, _table in _MORE_CASES.items():
    for _kind, _langs in _table.items():
        for _lang, _lines in _langs.items():
            table = LINE_CASES.setdefault(_name, {"remove": {}, "keep": {}})
            table[_kind].setdefault(_lang, []).extend(_lines)


def _cases(kind: str) -> list[tuple[str, str, str]]:
    return [
        (name, lang, line)
        for name, table in LINE_CASES.items()
        for lang, lines in table[kind].items()
        for line in lines
    ]


@pytest.mark.parametrize("name", [rule.name for rule in LINE_RULES])
def test_every_line_rule_has_cases_in_every_language(name: str) -> None:
    table = LINE_CASES.get(name)
    assert table is not None, f"line rule {name!r} has no test cases"
    for kind in ("remove", "keep"):
        missing = [lang for lang in LANGS if not table[kind].get(lang)]
        assert not missing, f"{name}: no {kind}-case in {missing}"


def test_no_cases_for_rules_that_do_not_exist() -> None:
    assert set(LINE_CASES) == {rule.name for rule in LINE_RULES}


@pytest.mark.parametrize(("name", "lang", "line"), _cases("remove"))
def test_line_rule_removes(name: str, lang: str, line: str) -> None:
    rule = next(r for r in LINE_RULES if r.name == name)
    assert rule.matches(line), f"{name} ({lang}) should remove {line!r}"
    kept, removed = clean_lines([line])
    assert kept == [] and removed[0].text == line


@pytest.mark.parametrize(("name", "lang", "line"), _cases("keep"))
def test_line_rules_keep_real_sentences(name: str, lang: str, line: str) -> None:
    """A news sentence using ``name``'s trigger words survives every rule, not just ``name``."""
    assert line_rule(line) is None, f"{line_rule(line)} ate a real sentence ({lang}): {line!r}"


def test_word_budget_spares_long_paragraphs() -> None:
    line = "Follow us on Twitter, the spokesman told reporters, " + "and more words " * 20
    assert next(r for r in LINE_RULES if r.name == "follow_us").matches(line) is False


def test_site_phrases_extend_the_defaults() -> None:
    config = CleanerConfig(extra_phrases=[r"^Tagesblatt-App laden"])
    assert line_rule("Tagesblatt-App laden und mitreden", config) == "site_phrase"
    assert line_rule("Die Tagesblatt-App wurde 2020 eingeführt.", config) is None


# --- DOM rules ------------------------------------------------------------------------------

PROSE = (
    "<p>The council approved the budget on Thursday after a debate that lasted more than six "
    "hours, with opposition members warning that the cuts would hit libraries hardest.</p>"
)

# rule -> (a boilerplate container it must prune, a near-miss container it must keep)
DOM_CASES: dict[str, tuple[str, str]] = {
    "ad_slot": (
        '<div class="td-a-rec td-a-rec-id-content">-Advertisement- Buy now</div>',
        '<div class="adaptive-layout"><p>Advertising revenue fell 4% in the quarter.</p></div>',
    ),
    "share_bar": (
        '<div class="sharedaddy">Share on Facebook Twitter</div>',
        '<div class="share-price"><p>Shares in the bank rose 3% on Monday.</p></div>',
    ),
    "newsletter": (
        '<section class="newsletter-signup">Subscribe to our Newsletter</section>',
        '<div class="news-letters"><p>Letters from readers filled the inbox.</p></div>',
    ),
    "paywall_prompt": (
        '<div id="tp-modal">Subscribe now to keep reading</div>',
        '<div class="pay-rise"><p>Nurses won a pay rise of 5% after strikes.</p></div>',
    ),
    "teaser": (
        '<aside class="jp-relatedposts">Related: Storm hits coast</aside>',
        '<div class="relations"><p>Relations with Beijing have improved, he said.</p></div>',
    ),
    "author_bio": (
        '<div class="td-author-box">Russia Desk validates the stories published under this '
        "byline.</div>",
        '<div class="author-note-inline"><p>The author of the letter was never found.</p></div>',
    ),
    "breadcrumbs": (
        '<nav class="breadcrumbs">Home › World › Europe</nav>',
        '<div class="crumbling"><p>Crumbling bridges will be repaired by 2026.</p></div>',
    ),
    "comments": (
        '<section id="comments">Leave a reply. 12 comments</section>',
        '<div class="commentary"><p>Commentators praised the ruling.</p></div>',
    ),
}


@pytest.mark.parametrize("name", [name for name, _ in DOM_RULES])
def test_every_dom_rule_has_cases(name: str) -> None:
    assert name in DOM_CASES, f"DOM rule {name!r} has no test cases"


def _page(inner: str) -> str:
    return f"<html><body><article>{PROSE}{inner}{PROSE}</article></body></html>"


@pytest.mark.parametrize("name", sorted(DOM_CASES))
def test_dom_rule_removes(name: str) -> None:
    remove, _ = DOM_CASES[name]
    tree = fromstring(_page(remove))
    removed = prune_dom(tree)
    assert [r.rule for r in removed] == [name]
    assert "council approved" in tree.text_content()
    assert fromstring(remove).text_content().strip()[:12] not in tree.text_content()


@pytest.mark.parametrize("name", sorted(DOM_CASES))
def test_dom_rule_keeps_near_misses(name: str) -> None:
    _, keep = DOM_CASES[name]
    tree = fromstring(_page(keep))
    assert prune_dom(tree) == []
    assert fromstring(keep).text_content() in tree.text_content()


@pytest.mark.parametrize("name", sorted(DOM_CASES))
def test_dom_rule_spares_a_container_full_of_prose(name: str) -> None:
    """A matching class on the article's own wrapper must not delete the article."""
    remove, _ = DOM_CASES[name]
    node = fromstring(remove)
    wrapper = (
        f'<div class="{node.get("class") or ""}" id="{node.get("id") or ""}">{PROSE * 5}</div>'
    )
    tree = fromstring(f"<html><body>{wrapper}</body></html>")
    assert dom_rule(tree.find(".//div")) == name
    assert prune_dom(tree) == []
    assert tree.text_content().count("council approved") == 5


def test_dom_rule_keeps_tail_text() -> None:
    tree = fromstring(
        '<html><body><p>Start <span class="ad">Ad</span> end of it.</p></body></html>'
    )
    prune_dom(tree)
    assert " ".join(tree.text_content().split()) == "Start end of it."


def test_site_selectors_prune_regardless_of_prose() -> None:
    tree = fromstring(_page('<div class="promo-box">' + PROSE * 5 + "</div>"))
    removed = prune_dom(tree, CleanerConfig(extra_selectors=["div.promo-box", "[[bad"]))
    assert [r.rule for r in removed] == ["site_selector"]
    assert tree.text_content().count("council approved") == 2


@pytest.mark.parametrize(
    ("token", "rule"),
    [
        ("latest-news-box", "teaser"),
        ("top-stories", "teaser"),
        ("most-read", "teaser"),
        ("related-posts", "teaser"),
        ("latest", None),
        ("top-story", None),
        ("story-body", None),
        ("news", None),
    ],
)
def test_widget_box_names(token: str, rule: str | None) -> None:
    node = fromstring(f'<div class="{token}"><p>x</p></div>')
    assert dom_rule(node) == rule
