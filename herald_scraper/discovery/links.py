"""URL-shape heuristics: is a link an article, a listing worth following, or noise?

Only the URL is looked at (no fetch), so the verdict is a hint for scheduling: SKIP links are
never requested, LISTING links are followed to find more links, ARTICLE_LIKELY links get a high
request priority. Hand-written because no library encodes news-site URL conventions; courlan's
``is_not_crawlable`` covers a few of the same words but gives neither kinds nor reasons.

Decisions worth knowing:
- ``/category/x``, ``/section/x`` and ``/page/N`` are LISTING, not SKIP: section pages and their
  pagination are how a site crawl reaches older articles. Tag, topic and author pages are SKIP
  (numerous, overlapping, they add fetches without adding articles).
- A ``-page-2`` slug suffix is SKIP (the continuation of a multi-page article), except under a
  listing segment (``/section/world-page-2.html``), where it is section pagination: LISTING.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import parse_qsl, unquote, urlsplit

logger = logging.getLogger(__name__)


class LinkKind(Enum):
    """What a link probably points to."""

    SKIP = "skip"
    LISTING = "listing"
    ARTICLE_LIKELY = "article_likely"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LinkClassification:
    """A verdict plus the rule that produced it (for logs and stats) and the article signals."""

    kind: LinkKind
    reason: str
    signals: tuple[str, ...] = field(default=())


SKIP_EXTENSIONS = frozenset(
    "pdf jpg jpeg png gif svg webp avif bmp ico tif tiff mp3 mp4 m4a m4v wav ogg oga webm mov avi "
    "mkv flv zip gz tgz rar 7z tar bz2 css js mjs json xml rss atom txt csv xls xlsx doc docx ppt "
    "pptx odt ods epub exe dmg apk iso woff woff2 ttf eot otf".split()
)
"""File extensions that are never an HTML article (feeds and sitemaps go through their parsers)."""

SKIP_SEGMENTS = frozenset(
    # en
    "tag tags topic topics author authors search login signin sign-in logout register signup "
    "sign-up subscribe subscription subscriptions account my-account profile cart checkout feed "
    "feeds rss wp-admin wp-json wp-login.php xmlrpc.php privacy privacy-policy cookie-policy "
    "cookies terms terms-of-service terms-of-use terms-and-conditions legal about about-us "
    "contact contact-us imprint advertise advertising careers jobs help faq newsletter "
    "newsletters share print amp-share cdn-cgi "
    # de
    "schlagwort schlagworte stichwort thema themen autor autoren suche anmelden registrieren "
    "abo abonnieren konto datenschutz impressum agb kontakt "
    # fr
    "etiquette etiquettes mot-cle mots-cles sujet auteur auteurs recherche connexion inscription "
    "abonnement compte confidentialite mentions-legales cgu "
    # es (autor shared with de)
    "etiqueta etiquetas tema temas buscar busqueda iniciar-sesion registro suscripcion "
    "suscribete cuenta privacidad aviso-legal contacto".split()
)
"""Whole path segments (lower-cased, accents stripped) marking non-article pages."""

LISTING_SEGMENTS = frozenset(
    "category categories section sections archive archives page latest "
    "kategorie rubrik ressort archiv seite "
    "categorie rubrique rubriques archives-du-site "
    "categoria categorias seccion secciones archivo pagina".split()
)
"""Segments that introduce a section listing or its pagination."""

ARTICLE_MARKERS = frozenset(
    "news article articles story stories post posts artikel meldung nachrichten "
    "actualite actualites article-de noticia noticias nota notas".split()
)
"""Segments after which news sites typically put the article slug or id."""

SKIP_QUERY_KEYS = frozenset({"s", "q", "query", "search", "replytocom", "share", "action"})

_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/")
# A full date followed by a numeric post id (WordPress "/%year%/%monthnum%/%day%/%post_id%/").
_DATE_THEN_ID = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/\d+/?$")
_DATE_COMPACT = re.compile(r"(?:^|[/_-])(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])")
_NUMERIC_ID = re.compile(r"(?:^|[^0-9])\d{5,}(?:[^0-9]|$)")
_PAGE_SUFFIX = re.compile(r"-(?:page|seite|pagina)-?\d+(?:\.html?)?$")
_LEAF_EXT = re.compile(r"\.(s?html?|php|aspx?|jsp)$")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _fold(text: str) -> str:
    """Lower-case and strip accents, so ``/Confidentialit%C3%A9`` matches ``confidentialite``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slug_words(leaf: str) -> int:
    return len(_WORD.findall(_LEAF_EXT.sub("", leaf).replace("_", "-")))


def _analyse(url: str) -> LinkClassification:
    if not isinstance(url, str) or not url.strip():
        return LinkClassification(LinkKind.SKIP, "empty url")
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return LinkClassification(LinkKind.SKIP, "unparsable url")
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return LinkClassification(LinkKind.SKIP, f"scheme {scheme}")
    path = _fold(unquote(parts.path))
    segments = [s for s in path.split("/") if s]
    leaf = segments[-1] if segments else ""
    if "." in leaf and leaf.rsplit(".", 1)[1] in SKIP_EXTENSIONS:
        return LinkClassification(LinkKind.SKIP, f"file extension .{leaf.rsplit('.', 1)[1]}")
    for seg in segments:
        if _LEAF_EXT.sub("", seg) in SKIP_SEGMENTS:  # "/search.html" is "/search"
            return LinkClassification(LinkKind.SKIP, f"path segment /{seg}/")
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    skip_keys = sorted(SKIP_QUERY_KEYS & query.keys())
    if skip_keys:  # site search, comment-reply and share-button links
        return LinkClassification(LinkKind.SKIP, f"query parameter {skip_keys[0]}=")
    in_listing = any(_LEAF_EXT.sub("", s) in LISTING_SEGMENTS for s in segments)
    if _PAGE_SUFFIX.search(leaf):
        if in_listing:  # "/section/world-page-2.html": pagination of a section
            return LinkClassification(LinkKind.LISTING, "section pagination")
        return LinkClassification(LinkKind.SKIP, "article continuation page")

    signals: list[str] = []
    if _DATE_THEN_ID.search(path):
        signals.append("post id after date")
    elif _DATE_PATH.search(path + "/") and not re.fullmatch(r"\d{1,4}", leaf):
        signals.append("date in path")
    elif _DATE_COMPACT.search(path):
        signals.append("compact date in path")
    if _NUMERIC_ID.search(leaf) and not re.fullmatch(r"(?:19|20)\d\d", leaf):
        signals.append("numeric id")
    words = _slug_words(leaf)
    if words >= 4 and ("-" in leaf or "_" in leaf):
        signals.append(f"{words}-word slug")
    if _LEAF_EXT.search(leaf) and words >= 2 and not leaf.startswith("index."):
        signals.append("html leaf with slug")
    marker = next((i for i, s in enumerate(segments) if s in ARTICLE_MARKERS), None)
    if (
        marker is not None
        and marker < len(segments) - 1
        and ("-" in leaf or re.search(r"\d", leaf))
    ):
        signals.append(f"slug under /{segments[marker]}/")
    if re.fullmatch(r"\d+", query.get("p", "")):
        signals.append("post id query")  # WordPress ?p=123 permalinks
    if signals:
        return LinkClassification(LinkKind.ARTICLE_LIKELY, signals[0], tuple(signals))

    if not segments or leaf.startswith("index."):
        return LinkClassification(LinkKind.LISTING, "site or section root")
    if in_listing or "page" in query:
        return LinkClassification(LinkKind.LISTING, "section or pagination path")
    if all(re.fullmatch(r"\d+", s) for s in segments):
        return LinkClassification(LinkKind.LISTING, "date archive")
    if len(segments) <= 2 and all(
        re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+){0,2}", s) for s in segments
    ):
        return LinkClassification(LinkKind.LISTING, "short section-like path")
    return LinkClassification(LinkKind.UNKNOWN, "no signal")


def classify_link(url: str) -> LinkClassification:
    """Classify ``url`` as SKIP, LISTING, ARTICLE_LIKELY or UNKNOWN from its shape alone."""
    result = _analyse(url)
    logger.debug("classify_link %s -> %s (%s)", url, result.kind.value, result.reason)
    return result


def article_url_score(url: str) -> float:
    """How article-like ``url`` looks, in [0, 1]; meant for request priority.

    SKIP 0.0, LISTING 0.2, UNKNOWN 0.4, ARTICLE_LIKELY 0.6 plus 0.1 per extra signal (max 1.0).
    """
    result = _analyse(url)
    base = {LinkKind.SKIP: 0.0, LinkKind.LISTING: 0.2, LinkKind.UNKNOWN: 0.4}
    if result.kind is not LinkKind.ARTICLE_LIKELY:
        return base[result.kind]
    return min(1.0, 0.6 + 0.1 * (len(result.signals) - 1))
