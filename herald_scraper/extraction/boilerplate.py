"""News boilerplate rules: what trafilatura leaves inside an article body.

Two kinds of rule, each named so a report can cite why a line went:

* :data:`DOM_RULES` match ``class``/``id`` tokens of containers (share bars, newsletter boxes,
  subscription modals, author boxes, ad slots) and prune them before the main-content pass;
* :data:`LINE_RULES` match one extracted line (a paragraph) against multilingual phrasing of calls
  to action, ad labels, paywall prompts and teasers.

Every line rule has a word budget: a pattern only removes a line no longer than ``max_words``, so a
real sentence that happens to say "follow" or "advertising" survives. Rules are written in English,
German, French and Spanish. No library does this: trafilatura's own filters are container-based
and language-agnostic, and the leftovers are exactly this kind of short, formulaic line.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from herald_scraper.extraction.context import spread

logger = logging.getLogger(__name__)

_SOCIAL = (
    r"(google\s*(news|actualités|noticias|nachrichten)|facebook|twitter|x\b|instagram|telegram|whatsapp|linkedin|youtube|tiktok|"
    r"threads|bluesky|mastodon|flipboard|pinterest|reddit|snapchat|rss|e-?mail)"
)


#: Longest line (in characters) a line rule looks at: boilerplate lines are short, and the cap
#: bounds every pattern's worst case on hostile input.
MAX_RULE_CHARS = 600


@dataclass(frozen=True)
class LineRule:
    """A boilerplate line pattern; removes a line of at most ``max_words`` words that it matches."""

    name: str
    pattern: re.Pattern[str]
    max_words: int = 40
    keywords: re.Pattern[str] | None = None
    """Literals one of which every match of ``pattern`` contains: a prefilter, as most lines
    hold none and a search for a few literals costs less than one for the many-branched
    pattern."""

    def matches(self, line: str) -> bool:
        return (
            len(line) <= MAX_RULE_CHARS
            and len(line.split()) <= self.max_words
            and self.search(line)
        )

    def search(self, line: str) -> bool:
        """Whether ``pattern`` matches somewhere in ``line``."""
        if self.keywords is not None and not self.keywords.search(line):
            return False
        return bool(self.pattern.search(line))


_FLAGS = re.IGNORECASE | re.UNICODE


def _rule(name: str, regex: str, max_words: int = 40, keywords: str = "") -> LineRule:
    """A line rule. ``keywords``: ``|``-separated literals one of which every match contains
    (the costliest patterns have them; tests/unit/test_boilerplate_keywords.py checks them
    against the pattern's structure)."""
    literals = keywords.split("|") if keywords else []
    prefilter = re.compile("|".join(map(re.escape, literals)), _FLAGS) if literals else None
    return LineRule(name, re.compile(regex, _FLAGS), max_words, prefilter)


# English imperatives look like infinitives ("fans follow her on Instagram", "plans to donate to
# the food bank"), so English calls to action only count at a sentence start: reported speech
# about following, donating or subscribing is news, the imperative addressed to the reader is not.
_START = r"(?:^|[.!?:]\s+)\W*"
# A price: "$4", "1 €", "0,99 €", "2 euros".
_PRICE = r"(?:[$€£₹]\s?\d|\b(?:rs\.?|inr|usd|eur)\s?\d|\d(?:[.,]\d+)?\s?(?:[$€£]|euros?\b|dollars?\b|pounds?\b))"

_MONTH = (
    r"(jan(uary|uar|vier)?|feb(ruary|ruar)?|f[eé]vr(ier)?|mar(ch|s|zo)?|märz|apr(il|ile)?|avril|"
    r"abril|may|mai|mayo|june?|juni|juin|junio|july?|juli|juillet|julio|aug(ust)?|ao[uû]t|"
    r"agosto|sep(t|tember|tembre|tiembre)?|oct(ober|obre)?|okt(ober)?|octubre|nov(ember|embre|"
    r"iembre)?|dec(ember)?|dez(ember)?|d[eé]cembre|diciembre|enero|febrero|januar)\.?"
)
_WEEKDAY = (
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)"
)
# Only date words, numbers and separators up to the end of the line, so "Updated June 10 to
# include the mayor's response" is not a bare stamp.
# Each token is a whole word (``(?!\w)``) inside an atomic group: a word can be read as tokens in
# one way only, so a line that is almost a date fails in linear time instead of backtracking
# exponentially ("Veröffentlicht: 05.01.2020 Abgelegt unter: ..." took over a second).
_DATE = (
    r"(?=[^\n]*\d)(?>(?:(?:"
    + _MONTH
    + r"|\d{1,2}h(?:\d{2})?|\d{1,4}(?:st|nd|rd|th|er)?\.?|at|um|à|a las|de|del|le|"
    r"el|am|pm|uhr|h|[A-Z]{2,4})(?!\w)|[.,/:·|–-])\s*)+$"
)

LINE_RULES: tuple[LineRule, ...] = (
    # "-Advertisement-", "ADVERTISEMENT", "Anzeige", "Publicité", "Publicidad", "Sponsored"
    _rule(
        "ad_label",
        r"^\W*(advertisement|advertising|advert|ad|sponsored( content)?|anzeige|werbung|"
        r"publicit[ée]|publicidad|anuncio|pub|pubblicità)\W*$",
        3,
    ),
    _rule(
        "ad_continues",
        r"^\W*(story|article|text|content)?\s*continues? (below|after)( (the|this))? "
        r"(advertisement|ad|advert)\W*$|^\W*(weiter nach der (anzeige|werbung)|"
        r"la suite (de l'article )?apr[eè]s (cette|la) publicit[ée]|"
        r"((el artículo|la noticia) )?(sigue|contin[uú]a) (despu[eé]s|tras) (de )?(la|esta) "
        r"publicidad)\W*$|"
        # "Advertisement - scroll to continue", "SCROLL TO CONTINUE WITH CONTENT"
        r"^\W*((advertisement|ad)\W+)?scroll (down )?to continue( reading| with (the )?"
        r"(content|article|story))?\W*$|^\W*(the )?(story|article) continues (below|after)\W*$",
        10,
    ),
    # "follow us on Google News", "For the latest news follow The Eastern Herald on Facebook"
    _rule(
        "follow_us",
        _START + r"((for|to|stay|get|keep)\b[^.!?]{0,60}?,?\s+)?(please\s+|do\s+)?(follow|like)\s+"
        r"(us|@\w+|(the\s+)?(?-i:[A-Z])[\w'’.-]*(\s+(?-i:[A-Z])[\w'’.-]*){0,4})\s+(on|via|at)\s+"
        r"(the\s+)?" + _SOCIAL + r"|\bfollow us (on|for|at|via)\b|\bfolgen sie uns\b|"
        r"\b(folgen sie|folgt|folge)\s+((dem|der|den)\s+)?(?-i:[A-Z])[\w-]*(\s+(?-i:[A-Z])[\w-]*){0,4}"
        r"\s+(auch\s+)?(auf|bei)\s+"
        + _SOCIAL
        + r"|\bsuivez\s+(l[ea]s?\s+|l['’])?(?-i:[A-Z])[^.!?]{0,40}\s+sur\s+"
        + _SOCIAL
        + r"|\b(tenemos|we have|wir haben|nous avons)( (un|una|a|einen|eine|une))? (nuevo )?"
        r"(canal|channel|kanal|chaîne)( de| on| auf| sur)? (telegram|whatsapp)\b|"
        r"\bwe (now )?have an? (telegram|whatsapp) channel\b|\bsuivez[- ]nous\b|\bs[ií]guenos\b|\bseguici\b|"
        r"\b(our|nuestro|notre|unser(em|en)?) (canal de |chaîne )?(youtube|whatsapp|telegram)"
        r"([- ]?(channel|kanal))?\b|\bnuestro canal de (youtube|whatsapp|telegram)\b|"
        + _START
        + r"sigue a\b.{0,40}\b"
        + _SOCIAL
        + r"|"
        + _START
        + r"(join|rejoignez|únete a|abonnez-vous à|tritt)\b.{0,50}\b(whatsapp|telegram)\b",
        45,
        keywords=(
            " channel|folg|follow|guenos|like|nuestro canal de |seguici|sigue a|suivez"
            "|telegram|whatsapp|youtube"
        ),
    ),
    _rule(
        "support_us",
        r"\bto (show|support) your support\b|\bsupport our (independent |local )?journalism\b|"
        + _START
        + r"(please\s+)?(support independent journalism|donate|make a donation)\b|"
        r"\bdonate (today|now)\b|"
        r"\bunterstützen sie (unser(en)? |unabhängigen |guten )?\w*journalismus\b|"
        r"\bjetzt (ein |das )?abo(nnement)? abschließen\W*$|"
        r"\bsoutenez (notre|le) journalisme\b|"
        + _START
        + r"apoya (el|nuestro) periodismo\b|\bsostieni il (nostro )?giornalismo\b|"
        r"\b(we are|we're|this (site|newsroom|publication|website) is)\b.{0,30}"
        r"\breader-(supported|funded)\b|"
        + _START
        + r"(please\s+)?become a (paying |paid )?(member|subscriber|supporter|patron)\b|"
        r"\bwerden sie (jetzt )?(mitglied|unterstützer)|\bdevenez (membre|abonné)|"
        r"\bhazte (socio|suscriptor|miembro)|^we need your (help|support)[.!]?\s+(help|support|donate|please)\b|"
        r"^[^.!?]{0,40}\bis (a )?reader-(funded|supported)( (publication|newsroom|site))?\s*[.!]|"
        r"\bif you value (our|this|independent) (reporting|journalism|work)\b|"
        r"\bconsider (making a contribution|donating|supporting (us|our))\b|"
        r"\bunterstützen sie unsere arbeit\b|\bjetzt (förderer|unterstützer|mitglied) werden\b|"
        r"\bsoutenez (notre|la) (travail|rédaction)\b|\bapoya nuestro trabajo\b|\bforward (it|this)( \w+)? to a (friend|colleague)\b",
        40,
        keywords=(
            " abschließen|apoya nuestro trabajo|become a |consider |devenez |donate|forward "
            "|förderer|hazte |if you value | journalisme|make a donation|mitglied| periodismo"
            "|reader-|sostieni il |soutenez |support independent journalism|support our "
            "|unterstützen sie |unterstützer|we need your |werden sie | your support"
        ),
    ),
    _rule(
        "newsletter",
        _START + r"(click here to |please )?(sign up|subscribe|register)\b.{0,60}\bnewsletters?\b|"
        r"^\W*(our |the )?newsletters?\W*$|^\W*subscribe to (our|the)\b|"
        # a lone subscribe button
        r"^\W*(subscribe( now)?|sign up( now)?|suscr[ií]bete|abonnez-vous|s'abonner|abonnieren|"
        r"jetzt abonnieren|iscriviti)\W*$|" + _START + r"get (our|the) (\w+ )?newsletter\b|"
        r"\b(abonnieren|bestellen) sie\b.{0,40}\bnewsletter|"
        r"\bnewsletter\b.{0,40}\b(jetzt|hier|kostenlos|gratis) (abonnieren|bestellen|anmelden)\b|"
        r"^\W*(jetzt|kostenlos)\s+(\w+\s+)?(anmelden|abonnieren|registrieren)\b|"
        r"\b(abonnez-vous|inscrivez-vous)\b.{0,40}\b(newsletter|lettre)\b|"
        r"\b(suscr[ií]bete|reg[ií]strate|apúntate|iscriviti)\b.{0,40}\b(newsletter|bolet[ií]n)\b|"
        r"\bsuscr[ií]b(ete|irse|anse)( aquí)? a (nuestr[oa]|la) (newsletter|bolet[ií]n)\b|"
        r"\bnever miss\b.{0,40}\b(sign(ing)? up|subscrib\w*|newsletter)\b|^\W*zum newsletter\b|"
        r"\b(melde dich|melden sie sich)\b.{0,40}\bnewsletter\b|\bin (deinen|ihren) posteingang\b|"
        r"\bdans votre boîte (mail|de réception)\b|\ben tu bandeja de entrada\b|"
        + _START
        + r"(sign up|subscribe|register)( now| today)? (for|to) (our|the|this)\b[^.!?]{0,40}"
        r"\b(briefing|newsletter|digest|bulletin|e-?mails?|alerts)\b|"
        r"^\W*(type|enter) your e-?mail( address)?\W*$|^\W*(ihre|deine) e-mail(-adresse)?\W*$|"
        r"^\W*(votre|ton) (adresse )?e-?mail\W*$|^\W*(tu|su) (correo|email|e-mail)( electrónico)?\W*$|"
        r"\bdelivered (straight |directly |right )?(to|into) your inbox\b|\bstraight to your inbox\b|\bdirectly (to|in) your inbox\b|\bright into your inbox\b",
        30,
        keywords=(
            "abonnez-vous|abonnieren|anmelden|bolet|correo|dans votre boîte "
            "|en tu bandeja de entrada|inscrivez-vous|iscriviti|mail|never miss|newsletter"
            "| posteingang|register|registrieren|s'abonner|sign up|subscribe|suscr| your e"
            "| your inbox"
        ),
    ),
    # Subscription nags (Jetpack's modal, login links, "continue reading" buttons): removed, but
    # free pages carry them too, so unlike paywall_prompt they never mark a page paywalled.
    _rule(
        "subscription_nag",
        r"^\W*discover more from\b|\baccess to the full archive\b|^\W*(continue|keep) reading\W*$|"
        + _START
        + r"subscribe (now |today )?to (get|receive)\b.{0,40}\b(posts|stories|news|updates|"
        r"articles)\b|\balready (a|an) (subscriber|member)\s*\?|^\W*already (a|an) (subscriber|"
        r"member)\b|\balready (a|an) (subscriber|member)\b.{0,40}\blog ?in\b|"
        r"\balready have an account\s*\?|\bbereits abonnent(in)?\s*\?|"
        r"\b(sie haben|du hast) (bereits|schon) ein abo\w*\s*\?|\bdéjà abonné(e)?\s*\?|"
        r"\bya eres suscriptor\w*\s*\?|\bsei già abbonato\s*\?|^\W*jetzt weiterlesen\W*$|"
        r"^\W*lire la suite\W*$|^\W*seguir leyendo\W*$|^\W*continua a leggere\W*$|"
        + _START
        + r"get (full|unlimited) access\b",
        30,
        keywords=(
            " access|access to the full archive|already |bereits abonnent|continua a leggere"
            "|discover more from|déjà abonné| ein abo|jetzt weiterlesen|lire la suite"
            "| reading|seguir leyendo|sei già abbonato|subscribe |ya eres suscriptor"
        ),
    ),
    # Paywall prompts: the text is withheld. Keep only the accessible article, never the prompt.
    _rule(
        "paywall_prompt",
        r"\bsubscribe (now )?to (keep|continue) reading\b|\bto (keep|continue) reading,? "
        r"(please )?(subscribe|log ?in|sign in|register)\b|"
        r"^\W*(log ?in|sign in|register)( now)? to (continue|keep) reading\b|"
        r"\b(vous souhaitez|envie de) lire la suite\s*\?|"
        r"\b(to (view|read) the full (story|article)|for the full (story|article))\b.{0,50}"
        r"\bsubscri(be|ption)\b|\bsubscribe\b.{0,60}\bfor the full (story|article)\b|"
        r"\b(this|the) (article|story|content) is (only )?(available|reserved|exclusive)"
        r" (exclusively |only )?(to|for) (subscribers|members)\b|^\W*(for )?(subscribers?|members) only\W*$|"
        r"\b(artikel|beitrag|inhalt)\w* (ist )?(exklusiv |nur )?für (abonnenten|abonnentinnen)\b|"
        r"^\W*(exklusiv |nur )?für abonnenten\W*$|\b(jetzt )?weiterlesen mit\b|"
        r"\b(article|contenu)\w* (est )?réservé aux abonnés\b|^\W*réservé aux abonnés\W*$|"
        r"\bil vous reste \d+\s*% de (cet |l')article\b|"
        r"\b(contenido|art[ií]culo|noticia)\w* (es )?(exclusiv[oa]|premium) para suscriptores\b|"
        r"^\W*exclusivo para suscriptores\W*$",
        30,
        keywords=(
            "abonnent|available|exclusive|il vous reste | lire la suite|members"
            "| para suscriptores| reading|reserved|réservé aux abonnés|subscribe |subscriber"
            "| the full |weiterlesen mit"
        ),
    ),
    # Subscription offers: a price next to an offer only the reader is addressed with
    # ("First month for $1", "Primer mes por 1 €", "Jetzt testen: 4 Wochen für 1 €").
    _rule(
        "subscription_offer",
        r"\b(first month|primer mes|premier mois|1er mois|erster monat)\w*\s+(for|por|pour|à|a|für)"
        r"\s+(just |only |solo |sólo |nur |seulement )?"
        + _PRICE
        + r"|^(?=.*"
        + _PRICE
        + r").*(\bsubscribe now\b|\bget (unlimited|full digital) access\b|\bcancel any ?time\b|"
        r"\bjetzt (abonnieren|testen)\b|\bjederzeit kündbar\b|\babonnez-vous\b|"
        r"\bsans engagement\b|\bsuscr[ií]bete\b|\bcancela cuando quieras\b|\bfor as little as\b|"
        r"\buse (the )?(promo |coupon |discount )?code\b)|"
        r"\b\d+ (wochen|tage) (gratis|kostenlos) (testen|lesen)\b|"
        r"^\W*try \d+ (weeks?|months?|days?) for\b",
        30,
    ),
    # Teasers: "Also read: ...", "Related: ...", "Lesen Sie auch:", "Lire aussi", "Lee también"
    # (a dash only counts when spaced: "Watch-makers" and "Related-party" start real sentences).
    _rule(
        "teaser",
        r"^\W*(also read|read also|read more|more reading|related( stories| articles| coverage)?|"
        r"see also|recommended( reading)?|you (may|might) (also )?like|don'?t miss|"
        r"must read|trending|more from|more on this|more stories|watch|listen|see more|"
        r"lesen sie (auch|mehr)|auch interessant|mehr zum thema|das könnte sie auch interessieren|"
        r"weitere artikel|lire aussi|(à |a )?lire également|à lire aussi|a lire aussi|voir aussi|sur le même sujet|"
        r"lee también|leer más|lea también|te puede interesar|más información|relacionad[oa]s?|"
        r"tambi[ée]n te puede interesar|lea( más| también)?|mir[ae]|vea( también| más)?|"
        r"ver (también|más)|mehr themen|weitere (beiträge|artikel|themen)\b[^:]{0,30}|siehe auch|"
        r"das (thema )?könnte (dich|sie) (auch )?interessieren|read next|up next|à voir aussi|"
        r"leggi anche|potrebbe interessarti|vedi anche|"
        r"articoli correlati)(\s*[:|»>]|\s+[\-–—](\s|$))|^\W*also on [\w-]+(\.[\w-]+)+\s",
        25,
    ),
    # Widget headings that trafilatura sometimes carries over after the body.
    _rule(
        "widget_heading",
        r"^\W*(latest( news| stories| articles)?|most (read|popular|viewed)|popular( posts)?|"
        r"public reaction|comments?|leave a (reply|comment)|related (posts|articles|stories)|"
        r"trending( now)?|top stories|related( news| content| coverage)?|mehr zum thema|"
        r"(à |a )?lire (aussi|également)|sur le même sujet|te puede interesar|lee también|you may also like|recommended for you|"
        r"meistgelesen|neueste artikel|kommentare|les plus lus|à la une|commentaires|"
        r"lo más leído|últimas noticias|comentarios|tags?|topics?|share( this)?( article| story)?|"
        r"teilen|partager|compartir|empfohlene (beiträge|artikel)|weitere (artikel|beiträge|themen)"
        r"( zum thema)?|kommentierte artikel|meist[- ]?(diskutiert|gelesen|kommentiert)|"
        r"lust auf mehr|inhaltsverzeichnis|table of contents|sommaire|[ií]ndice|"
        r"tabla de contenidos?|read next|up next|more videos|articles similaires|"
        r"noticias relacionadas|art[ií]culos relacionados|contact|kontakt|contacto|"
        r"weitere informationen|more information|plus d'informations|más información|"
        r"(vorschau auf den )?nächste[nr]? (artikel|beitrag)|vorherige[rn]? (artikel|beitrag)|"
        r"(next|previous) (article|post|story)|article (suivant|précédent)|"
        r"(siguiente|anterior) art[ií]culo|art[ií]culo (siguiente|anterior)|view comments|"
        r"kommentare anzeigen|voir les commentaires|ver comentarios|don'?t miss|must read|"
        r"à ne pas manquer|nicht verpassen|no te lo pierdas)\W*$",
        6,
    ),
    # "Share on Facebook", "Facebook Twitter Email" ("Share prices at Facebook fell" is news).
    _rule(
        "share_bar",
        r"^\W*(share|teilen|partager|compartir)( (this|the|dieses?n?|cet|cette|este|esta) "
        r"(article|story|post|page|artikel|beitrag|artículo|nota|noticia))?\s*(on|via|auf|sur|en|:)"
        r"\s*" + _SOCIAL + r"|^(\W*" + _SOCIAL + r"\W*){2,}$|^\W*(click|tap) (here )?to share\b|"
        r"^\W*like this (story|article)\?|"
        r"^\W*(diesen |den )?(artikel|beitrag) teilen\b|"
        r"^\W*(cet article vous a plu|vous avez aimé cet article|(te ha|le ha) gustado (esta noticia|"
        r"este art[ií]culo)|hat (ihnen|dir) (dieser|der) (artikel|beitrag) gefallen|did you "
        r"(like|enjoy) this (article|story))\s*\?|^\W*(comparte|compart[ií]r|partagez|teilen sie) "
        r"(esta|este|cette|cet|diesen|den) (noticia|art[ií]culo|nota|article|artikel|beitrag)"
        r"\s*($|[:!|]|(en|on|auf|sur|via|con|with|mit|avec)\b)",
        14,
    ),
    _rule(
        "byline_widget",
        r"^\W*(published|updated|posted|veröffentlicht|aktualisiert|publié|mis à jour|"
        r"publicado|actualizado)( on| am| le| el)?\W*$",
        4,
    ),
    _rule(
        "photo_credit",
        r"^\W*(photo(graph)?|image|picture|foto|bild|crédit photo|crédit|fuente|source|credit|copyright)s?\s*[:©]"
        r"|^\W*\(?(photo|image) by\b|^\W*©|"
        # a caption ending in its credit: "Marco Odermatt, Ski-Star. © AFP / MARCO BERTORELLO"
        r"(©|\((photo|foto|bild|image|crédit|credit)s?\s*:)\s*[^.!?©]{2,60}$|"
        r"^\W*(?-i:AFP|AP|REUTERS|Reuters|DPA|dpa|EFE|EPA|ANSA|Getty Images|GETTY IMAGES|IMAGO|"
        r"imago|picture alliance|Shutterstock|iStock)(\s*/\s*[\w .'’-]{0,40})?\W*$|"
        r"^[\w .'’-]{0,40}/\s*(?-i:AFP|AP|REUTERS|Reuters|DPA|dpa|EFE|EPA|ANSA|Getty Images|"
        r"IMAGO|imago|picture alliance|Shutterstock|iStock)\W*$",
        15,
    ),
    _rule(
        "copyright",
        r"\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|"
        r"\btodos los derechos reservados\b|^\W*(copyright|©)\s*\d{4}",
        25,
        keywords=(
            "all rights reserved|alle rechte vorbehalten|copyright"
            "|todos los derechos reservados|tous droits réservés|©"
        ),
    ),
    _rule(
        "author_bio",
        r"\bvalidates the stories published under this byline\b|"
        r"^\W*(about the author|über den autor|über die autorin|à propos de l'auteur|"
        r"sobre el autor|sobre la autora)\W*$|"
        r"\b(can be reached|reach (him|her|them)) at\b.{0,60}@|"
        + _START
        + r"(you can )?follow (him|her|them) on\b",
        45,
    ),
    # Affiliate disclosures: "If you buy something through this post, IGN may get a share".
    _rule(
        "affiliate_disclosure",
        r"\b(if|when) you (buy|purchase|click)\b.{0,60}\b(commission|share of the sale|"
        r"may (earn|get|receive))\b|\b(we|this site) may (earn|receive|get) (a|an) (small )?"
        r"(commission|share)\b|\bwe may (receive|earn) compensation\b|\b(contains|enthält|contient|contiene) (\w+ )?affiliate[- ]?links?\b|"
        r"\baffiliate[- ]links?\b.{0,40}\b(commission|provision)\b|^\W*(anzeige|werbung),? "
        r"(enthält|mit) affiliate|\bliens? (d'affiliation|affiliés?)\b|"
        r"\benlaces? de afiliados?\b|\bprovision\b.{0,40}\b(kauf|bestell)\w*\b.{0,40}\blink",
        40,
        keywords=(
            "affiliate|affilié| compensation|d'affiliation| de afiliado| may |provision| you "
        ),
    ),
    # App promotion: "Download the Nationnews apps for iOS and Android".
    _rule(
        "app_promo",
        _START + r"(download|get|install) (the|our) [\w .'’-]{0,30}\bapps?\b|"
        r"\bdownload\b.{0,40}\bapps?\b.{0,20}\b(ios|android|app store|google play)\b|"
        r"\b(laden sie|lade dir|holen sie sich) (jetzt )?(die|unsere) [\w -]{0,30}app\b|"
        r"\btéléchargez (l'application|notre application|l'appli)\b|"
        r"\bdescarga (la|nuestra) app\b|\bscarica (l'app|la nostra app)\b",
        35,
        keywords=("app|descarga |download|holen sie sich|lade dir|laden sie|scarica |téléchargez "),
    ),
    # Field labels of metadata widgets carried into the body: "Category: News", "Last modified:",
    # "Telefon:", "3:59 PM".
    _rule(
        "meta_label",
        r"^\W*(categor(y|ies)|kategorien?|catégories?|categor[ií]as?|rubri(k|que)|filed under|"
        r"archivado en|schlagw(ö|o)rter|schlagworte|stichw(ö|o)rter|mots-clés|etiquetas|tags?|"
        r"keywords|th[eè]mes|temas|last (modified|updated)|"
        r"letzte änderung|zuletzt (aktualisiert|geändert)|release date|date de publication|"
        r"fecha de publicaci[oó]n|dernière mise à jour|última actualizaci[oó]n|telefon|telephone|"
        r"phone|tel|fax|téléphone|teléfono|kommentare insgesamt|comments?)\s*:(\s.{0,60})?$|"
        r"^\W*\d{1,2}[:.]\d{2}\s*(am|pm|uhr|h)?\W*$|"
        # "Letzte Änderung 14.02.2019", "Updated on 3 May 2024"-style stamps without a colon
        r"^\W*(last (modified|updated)|letzte änderung|zuletzt (aktualisiert|geändert)|stand|"
        r"dernière mise à jour|última actualizaci[oó]n|updated|aktualisiert|mis à jour|"
        r"actualizado)\s*:?\s*(am |le |el |on )?\d[\d./: -]*(uhr|h|am|pm)?\W*$|"
        # a date stamp: "Published on: June 10, 2024", "Updated: 10 June 2024 09:15"
        r"^\W*(published|updated|posted|last (modified|updated)|veröffentlicht|aktualisiert|"
        r"zuletzt aktualisiert|publié|mis à jour|publicado|actualizado)( on| am| le| el)?\s*:?\s*"
        + _DATE
        + r"|"
        # a masthead's current date: "Friday, June 21, 2024", "Dienstag, 10. Juni 2025"
        r"^\W*" + _WEEKDAY + r",?\s+" + _DATE + r"|"
        # a post's dateline: "24. März 2004, 19:49 | Genesis", "3:59 PM Briefe"
        r"^\W*(\d{1,2}\.?\s+\w+\.?\s+\d{4},?\s+|\w+\.?\s+\d{1,2},?\s+\d{4},?\s+(at\s+)?)?"
        r"\d{1,2}:\d{2}\s*(am|pm|uhr|h)?\s*(\|[^|]{0,40}|\s+\w+)?$|"
        # a metadata strip: "January 13, 2020 | categories: Python | View Comments"
        r"^(?=[^|]*\|)(?=.*\b(categor(y|ies)|tags?|kategorie|schlagw\w+|filed under|posted in|"
        r"view comments|\d+ comments?|kommentare)\b).{0,200}$|"
        # a site's name as a bare domain ("BVINEWS.COM"), media availability notes
        # (a "www." address is a reference the article gives: kept)
        r"^\W*(?!www\.)[\w-]+(\.[\w-]+)*\.(com|net|org|info|news|[a-z]{2})\W*$|"
        r"^\W*(das |the |la |el )?(video|audio|sendung|vidéo|vídeo)?\s*(ist )?(verfügbar|available|"
        r"disponible|online) (bis|until|till|jusqu'au|hasta)( (zum|el|le))? \d.{0,20}$",
        20,
    ),
    # A byline line: "By Jane Doe and John Roe", "Von Anna Muster", "Par Jean Dupont".
    _rule(
        "byline",
        r"^\W*(by|von|par|por)\s+(?-i:[A-Z])[\w.'’-]*(\s+((and|und|et|y|&|,)\s+)?"
        r"(?-i:[A-Z])[\w.'’-]*){0,5}\W*$",
        8,
    ),
    # CMS shortcodes that leaked into the text unrendered: "[button link=...]Send us...[/button]".
    _rule(
        "shortcode",
        r"\[/?(button|caption|embed|gallery|video|audio|playlist|contact-form|newsletter|"
        r"related|ad|ads|adsense|vc_\w+|et_pb_\w+|su_\w+)\b[^\]]*\]",
        60,
    ),
    # Comment-form prompts: "You must be logged in to post a comment."
    _rule(
        "comment_prompt",
        r"\b(you must be|du musst|sie müssen|vous devez être|debes estar|tienes que estar)\b.{0,25}"
        r"\b(logged in|signed in|eingeloggt|angemeldet|connecté|registrad[oa]|conectad[oa])\b"
        r".{0,30}\b(comment\w*|kommentar\w*|commentaire\w*|comentar\w*)|"
        r"^\W*(leave a comment|kommentar schreiben|schreibe einen kommentar|laisser un commentaire|"
        r"deja un comentario|escribe un comentario)\W*$",
        25,
    ),
    # Page controls and widget captions on a line of their own: "Back to top", "4 min read",
    # "View all posts by <name>", "Like this:", "What's your reaction?", "Sponsored by <brand>".
    _rule(
        "page_widget",
        r"^\W*(follow us|read more|mehr lesen|weiterlesen|leer más|lire plus|"
        r"print( this (article|story|page))?|drucken|imprimer|imprimir|"
        r"e-?mail this (article|story)|listen to this (article|story)( \d+ min\w*)?|"
        r"artikel (anhören|vorlesen)|écouter (cet|l')article|escuchar (este art[ií]culo|la noticia)|"
        r"skip to (main )?content|back to top|(zurück )?nach oben|zum inhalt springen|"
        r"retour en haut|aller au contenu|volver arriba|ir al contenido|join the conversation|"
        r"comments are closed|kommentare sind geschlossen|les commentaires sont fermés|"
        r"los comentarios están cerrados|report an (error|issue)|fehler melden|"
        r"signaler une erreur|reportar un error|like loading|loading|lädt|chargement|cargando|"
        r"(like this|gefällt mir|j'aime|me gusta)\s*:|what'?s your reaction\s*\?|"
        r"wie finden sie (das|diesen artikel)\s*\?|quelle est votre réaction\s*\?|"
        r"¿?qu[eé] te (pareci[oó]|parece) (esta noticia|este art[ií]culo)\s*\?)\W*$|"
        r"^\W*((reading time|lesezeit|lesedauer|temps de lecture|tiempo de lectura)\s*:?\s*"
        r"(ca\.\s*)?\d+\s*(min\w*|minutes?|minuten)|\d+\s*(min|minutes?|minuten?)\.? "
        r"(read|lesezeit|de lecture|de lectura))\W*$|"
        r"^\W*(view|see|read|more) (all )?(posts|articles|stories) (by|from) [^.!?]{1,40}$|"
        r"^\W*(alle|weitere|mehr) (artikel|beiträge) (von|der autorin|des autors)\b[^.!?]{0,40}$|"
        r"^\W*(tous les |plus d')articles (de|du même auteur)\b[^.!?]{0,40}$|"
        r"^\W*(todos los|más) art[ií]culos (de|del autor|de la autora)\b[^.!?]{0,40}$|"
        r"^\W*(sponsored|presented) by [^.!?]{1,40}$|^\W*(advertisement|sponsored) feature\W*$|"
        r"^\W*(gesponsert von|präsentiert von|sponsorisé par|patrocinado por) [^.!?]{1,40}$|"
        r"^\W*(got|have) a (news )?tip\s*\?|^\W*send us (a|your) (news )?tips?\b|"
        r"^\W*(haben sie|hast du) einen hinweis\s*\?|^\W*une info\s*\?\s*(écrivez|contactez)|"
        r"^\W*¿(tienes|tiene) (una pista|informaci[oó]n)\b",
        10,
    ),
    _rule(
        "click_here",
        r"(?:^|[.!?:,]\s+)\W*(please\s+)?click here\b|\bclick here (to|for)\b|\bklicken sie hier\b|"
        r"\bby clicking here\W*$|\bcliquez ici\b|\bhaz clic aquí\b|\bpulsa aquí\b|^\W*hier geht('?s| es) (zu[mr]?|weiter)\b|"
        r"\bklicken sie (auf|hier)\b.{0,40}\b(button|link|schaltfläche|bild)\b|"
        r"^\W*(cliquez|clique) sur\b.{0,40}\b(bouton|lien)\b",
        20,
        keywords=(
            "by clicking here|click here|clique|haz clic aquí|hier geht|klicken sie |pulsa aquí"
        ),
    ),
)

_DOM_TOKEN_RULES: tuple[tuple[str, str], ...] = (
    (
        "ad_slot",
        r"ads?|advert\w*|adsbygoogle|ad[-_](slot|unit|container|wrapper|box|label)\w*|"
        r"td-a-rec\w*|dfp[-_]\w+|gpt[-_]ad\w*|google[-_]ad\w*|sponsored|taboola\w*|outbrain\w*",
    ),
    (
        "share_bar",
        r"share|sharing|sharedaddy|share[-_](bar|buttons|tools|links|icons)\w*|"
        r"social[-_](share|sharing|buttons|links|icons|bar|media)\w*|td-post-sharing\w*|addtoany\w*",
    ),
    (
        "newsletter",
        r"newsletter[-_\w]*|\w*[-_]newsletter[-_\w]*|jetpack[-_]subscribe\w*|"
        r"subscribe[-_](box|form|widget|modal|cta)\w*|signup[-_]\w+|optin\w*",
    ),
    (
        "paywall_prompt",
        r"paywall\w*|\w*[-_]paywall|regwall|tp-modal|tp-backdrop|piano[-_]\w+|"
        r"subscription[-_](prompt|wall|modal)\w*",
    ),
    (
        "teaser",
        r"related|related[-_]\w+|\w+[-_]related|recommended[-_]\w+|also[-_]read|"
        r"more[-_]stories|read[-_]also|yarpp\w*|jp-relatedposts\w*|td-related\w*|"
        # widget boxes named for what they list: "latest-news-box", "top-stories", "most-read"
        r"(latest|more|top|popular|trending|recommended|related|most[-_](read|popular|viewed))"
        r"[-_](news|stories|articles|posts|videos|reads|links)([-_][-\w]*)?|most[-_](read|popular)",
    ),
    (
        "author_bio",
        r"author[-_](box|bio|info|card|profile|about)\w*|about[-_]author\w*|"
        r"td-author-\w+|saboxplugin\w*|abh_box\w*",
    ),
    ("breadcrumbs", r"breadcrumbs?|td-crumb\w*|\w*[-_]breadcrumbs?"),
    (
        "comments",
        r"comments?|comment[-_](list|form|section|area|respond)\w*|comentarios|kommentare|"
        r"commentaires|disqus_thread|respond|reply-title",
    ),
)

DOM_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?:{regex})", re.IGNORECASE)) for name, regex in _DOM_TOKEN_RULES
)

#: Containers the DOM rules look at.
_PRUNABLE_TAGS = "div section aside ul ol nav p span figure form ins footer header".split()

# A container that holds this much prose is the article (or wraps it), whatever its class says.
_PROTECT_PROSE_CHARS = 600


@dataclass
class CleanerConfig:
    """Per-site additions to the default rules (from settings or a site file)."""

    extra_selectors: Sequence[str] = ()
    """CSS selectors of containers to prune before extraction."""
    extra_phrases: Sequence[str] = ()
    """Regular expressions; a body line containing a match (case-insensitive) is removed."""
    compiled: list[re.Pattern[str]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.compiled = [re.compile(p, re.IGNORECASE) for p in self.extra_phrases]


@dataclass
class Removal:
    """One thing the cleaner removed, and the rule that removed it."""

    rule: str
    text: str


_MAX_BUDGET = max(rule.max_words for rule in LINE_RULES)


def line_rule(line: str, config: CleanerConfig | None = None) -> str | None:
    """The name of the first rule that marks ``line`` as boilerplate, else None."""
    words = len(line.split())  # once per line: most body lines exceed every rule's budget
    # Boilerplate lines are short in characters too; the cap also bounds every pattern's worst
    # case (a 5,000-character run of punctuation is one "word" but costs a regex O(n^2)).
    if words <= _MAX_BUDGET and len(line) <= MAX_RULE_CHARS:
        for rule in LINE_RULES:
            if words <= rule.max_words and rule.search(line):
                return rule.name
    if config is not None:
        for pattern in config.compiled:
            if pattern.search(line):
                return "site_phrase"
    return None


def clean_lines(
    lines: Iterable[str], config: CleanerConfig | None = None, kinds: Sequence[str] | None = None
) -> tuple[list[str], list[Removal]]:
    """Split body lines into kept lines and removals (each citing its rule).

    ``kinds`` (the block kind of each line: ``p``, ``head``, ``item``...) lets the contextual
    pass (:func:`~herald_scraper.extraction.context.spread`) take a widget's list with its heading.
    """
    lines = list(lines)
    marks = spread(lines, [line_rule(line, config) for line in lines], kinds)
    kept: list[str] = []
    removed: list[Removal] = []
    for line, rule in zip(lines, marks, strict=True):
        if rule is None:
            kept.append(line)
        else:
            removed.append(Removal(rule, line))
    return kept, removed


def dom_rule(node: HtmlElement) -> str | None:
    """The name of the DOM rule whose class/id token ``node`` carries, else None."""
    tokens = f"{node.get('class') or ''} {node.get('id') or ''}".split()
    for token in tokens:
        # Class names are short and repeat on every element and every page: each is matched
        # against the rules once. Long tokens (rare, or hostile) are matched, never kept.
        name = (
            _cached_token_rule(token) if len(token) <= _CACHED_TOKEN_CHARS else _token_rule(token)
        )
        if name is not None:
            return name
    return None


_CACHED_TOKEN_CHARS = 80


def _token_rule(token: str) -> str | None:
    """The first DOM rule matching a whole class/id token."""
    for name, pattern in DOM_RULES:
        if pattern.fullmatch(token):
            return name
    return None


_cached_token_rule = functools.lru_cache(maxsize=8192)(_token_rule)


def prune_dom(
    tree: HtmlElement, config: CleanerConfig | None = None, protect: Sequence[HtmlElement] = ()
) -> list[Removal]:
    """Remove boilerplate containers from ``tree`` in place; returns what went and why.

    A container is spared when it holds substantial prose (it is, or wraps, the article) or when
    it is an ancestor of a node in ``protect``.
    """
    removed: list[Removal] = []
    # Elements, not id()s: lxml proxies are recreated on access, so ids get reused.
    protected: set[HtmlElement] = {anc for node in protect for anc in node.iterancestors()} | set(
        protect
    )
    candidates: list[tuple[str, HtmlElement]] = []
    for node in tree.iter(*_PRUNABLE_TAGS):
        rule = dom_rule(node)
        if rule is not None:
            candidates.append((rule, node))
    if config is not None:
        for selector in config.extra_selectors:
            try:
                candidates.extend(("site_selector", n) for n in tree.cssselect(selector))
            except Exception:  # noqa: BLE001 — a bad user selector is reported, not fatal
                logger.warning("invalid site selector %r ignored", selector)
    for rule, node in candidates:
        if node in protected or node.getparent() is None:
            continue
        if rule != "site_selector" and holds_prose(node):
            continue
        removed.append(Removal(rule, " ".join(node.text_content().split())[:200]))
        drop_node(node)
    return removed


def holds_prose(node: HtmlElement) -> bool:
    """Whether ``node`` holds article-sized prose (so it is, or wraps, the article)."""
    # Each paragraph's text is read once, and the count stops at the threshold: the big
    # containers asked about are whole pages of paragraphs.
    chars = 0
    for p in node.iter("p"):
        size = len(p.text_content())
        if size > 80:
            chars += size
            if chars >= _PROTECT_PROSE_CHARS:
                return True
    return False


def drop_node(node: HtmlElement) -> None:
    """Remove ``node`` but keep its tail text (which belongs to the parent)."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail and node.tail.strip():
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
