"""Page widgets recognised by what they *are*, not by what they say or what they are called.

Phrase rules name the wording one saw and class rules name one theme's CSS; neither holds on a
site nobody has looked at. These cues do, in any language and any CMS:

* **sign-up boxes**: a ``<form>`` with an e-mail field and no text area is a newsletter or
  account sign-up; its box (heading, one-line pitch, consent line) goes with it;
* **comment sections**: a ``<form>`` with a text area (a comment form) and, around it, the
  region of repeated posts that does not contain the article;
* **share and follow bars**: a short block whose links point at share intents, social-network
  profiles or mail/messaging schemes;
* **tool bars**: a short block whose links only act on the page (``javascript:``, ``mailto:``,
  print and e-mail-a-friend views), as "Send to a friend | Print".

Each removal is a :class:`~herald_scraper.extraction.boilerplate.Removal` naming its rule. A box
that holds article-sized prose is never removed: it is, or wraps, the article.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from herald_scraper.extraction.boilerplate import Removal, drop_node, holds_prose

logger = logging.getLogger(__name__)

#: A sign-up box is a heading, a pitch, perks and a consent line: never more words than this.
SIGNUP_MAX_WORDS = 90
#: A share or tool bar is a row of buttons: this many words at most, links included.
BAR_MAX_WORDS = 24
#: A text run this long before a comment form is the article, which the comment region excludes.
PROSE_RUN_CHARS = 150
#: A loose sign-up pitch: at most this many short blocks of at most this many words each.
PITCH_MAX_BLOCKS = 3
PITCH_MAX_WORDS = 30
_HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
_PITCH_TAGS = _HEADINGS | {"p", "small", "div", "span", "label"}
#: A block this long is a paragraph of running text, never a sign-up pitch or consent line.
PARAGRAPH_CHARS = 200
#: A comment region never holds more than this share of the page's text.
MAX_REGION_SHARE = 0.5
#: A list of links to the site's own pages: at least this many, this share of the block's text.
LINK_LIST_MIN_LINKS = 3
LINK_LIST_MIN_SHARE = 0.8
#: How far above a link its block may sit (``div > ul > li > a`` is three levels).
CENSUS_DEPTH = 4
#: Links the census reads per page (the most on 558 dev-corpus pages: 818): a bound on
#: hostile pages, whose later links stay where they are.
CENSUS_MAX_LINKS = 20_000
#: Links a block needs to be a bar (one lone icon link is too little evidence).
BAR_MIN_LINKS = 2
#: Of a bar's links, at least this share must point at social/share/page-action targets.
BAR_MIN_SHARE = 0.6

# Hosts of social networks and messaging services. Link *targets*, not wording: a block of links
# to these is a share or follow widget whatever language its labels are in.
_SOCIAL_HOSTS = frozenset(
    {
        "facebook.com", "fb.com", "fb.me", "twitter.com", "x.com", "instagram.com",
        "linkedin.com", "pinterest.com", "reddit.com", "tumblr.com", "youtube.com", "youtu.be",
        "tiktok.com", "t.me", "telegram.me", "wa.me", "whatsapp.com", "flipboard.com",
        "threads.net", "bsky.app", "vk.com", "ok.ru", "xing.com", "getpocket.com",
        "snapchat.com", "mastodon.social", "line.me", "viber.com", "weibo.com", "plus.google.com",
        "news.google.com", "digg.com", "stumbleupon.com", "delicious.com", "myspace.com",
    }
)  # fmt: skip
# A post, a status or a video is cited content (an embedded tweet), never a follow button.
_CONTENT_PATH = re.compile(r"/(status|statuses|p|reel|watch|video|posts?|shorts)/|[?&]v=", re.I)
_ACTION_SCHEMES = ("mailto:", "whatsapp:", "sms:", "tel:", "fb-messenger:", "viber:", "javascript:")
# Page-action URLs: the print view, e-mail-a-friend, share and bookmark endpoints. Path words
# that name an *action on this page*, not content (a site's "/print-edition/" section is content,
# so only whole path segments and query keys count).
_ACTION_URL = re.compile(
    r"(^|[/?&=_-])(print|printable|printer|imprimir|imprimer|drucken|email|e-?mail-?friend|"
    r"send|send-?to-?friend|sendtofriend|tell-?a-?friend|share|sharer|sharing|bookmark|intent|submit)($|[/?&=_.-])",
    re.I,
)
_EMAIL_FIELD = re.compile(r"e-?mail|courriel|correo", re.I)


def _words(node: HtmlElement) -> int:
    return len(node.text_content().split())


def _host(href: str) -> str:
    try:
        host = (urlsplit(href).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _is_social(host: str) -> bool:
    """``host`` or one of its parent domains is a social network (``m.facebook.com``)."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in _SOCIAL_HOSTS for i in range(len(labels) - 1))


def social_host(href: str) -> bool:
    """Whether ``href`` points at a social network or messaging service (not at a post on it)."""
    host = _host(href)
    return bool(host) and _is_social(host) and not _CONTENT_PATH.search(href)


def action_link(href: str, host: str | None = None) -> bool:
    """Whether ``href`` acts on the page (share, print, mail) rather than leading to content.

    ``host``: the lower-cased hostname of ``href`` when the caller has split it already."""
    href = href.strip()
    if href.lower().startswith(_ACTION_SCHEMES):
        return True
    try:
        parts = urlsplit(href)
        if host is None:
            host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if host and _is_social(host.removeprefix("www.")) and not _CONTENT_PATH.search(href):
        return True
    return bool(_ACTION_URL.search(parts.path + "?" + parts.query))


def is_email_input(node: HtmlElement) -> bool:
    """An ``<input>`` that asks for an e-mail address (type, name, id or placeholder says so)."""
    if (node.get("type") or "").lower() == "email":
        return True
    if (node.get("type") or "text").lower() not in ("text", ""):
        return False
    return any(_EMAIL_FIELD.search(node.get(a) or "") for a in ("name", "id", "placeholder"))


def _box(start: HtmlElement, max_words: int) -> HtmlElement:
    """The largest ancestor-or-self of ``start`` that stays short and holds no prose."""
    box = start
    for parent in start.iterancestors():
        if parent.tag in ("body", "html", "main", "article") or parent.getparent() is None:
            break
        if _words(parent) > max_words or holds_prose(parent) or _has_paragraph(parent):
            break
        box = parent
    return box


def _has_paragraph(node: HtmlElement) -> bool:
    """Whether ``node`` holds one paragraph of running text (a pitch line is shorter)."""
    return any(
        len(run.strip()) >= PARAGRAPH_CHARS
        for el in node.iter()
        for run in (el.text_content() if el.tag == "p" else el.text, el.tail)
        if isinstance(el.tag, str) and run
    )


def _signup_boxes(tree: HtmlElement) -> list[HtmlElement]:
    boxes = []
    for form in tree.iter("form"):
        inputs = list(form.iter("input"))
        if any(True for _ in form.iter("textarea")) or not any(map(is_email_input, inputs)):
            continue
        # A password field makes it a log-in form, which is the page's chrome too, but a
        # sign-up box is what reaches article bodies; both are removed the same way.
        box = _box(form, SIGNUP_MAX_WORDS)
        boxes.append(box)
        if box is form:
            boxes.extend(_loose_pitch(form))
    return boxes


def _loose_pitch(form: HtmlElement) -> list[HtmlElement]:
    """A sign-up form set straight into the article's container has no box of its own: its
    heading and pitch are the short blocks just above it (up to a heading), its consent line
    the short block just below it."""
    pitch: list[HtmlElement] = []
    node = form.getprevious()
    while node is not None and len(pitch) < PITCH_MAX_BLOCKS and _short_block(node):
        pitch.append(node)
        if node.tag in _HEADINGS:
            break
        node = node.getprevious()
    if not any(n.tag in _HEADINGS for n in pitch):
        pitch = []  # no heading: the short lines above may be the article's own last words
    after = form.getnext()
    if after is not None and _short_block(after) and after.tag not in _HEADINGS:
        pitch.append(after)
    return pitch


def _short_block(node: HtmlElement) -> bool:
    return (
        isinstance(node.tag, str)
        and node.tag in _PITCH_TAGS
        and 0 < _words(node) <= PITCH_MAX_WORDS
        and not (node.tail or "").strip()
    )


def _comment_regions(tree: HtmlElement) -> list[HtmlElement]:
    """Comment forms and, above each, the region that holds the posts but not the article."""
    regions = []
    total: int | None = None  # the page's text, measured only on pages with a comment form
    for form in tree.iter("form"):
        if not any(True for _ in form.iter("textarea")):
            continue
        if total is None:
            body = tree.find("body")
            total = len(body.text_content()) if body is not None else 0
        region = form
        for parent in form.iterancestors():
            if parent.tag in ("body", "html") or parent.getparent() is None:
                break
            # The article sits outside the comment region: stop below the container that holds
            # both (the headline or a run of prose comes before the form), and never take the
            # bulk of the page.
            if (
                _article_before(parent, form)
                or len(parent.text_content()) > total * MAX_REGION_SHARE
            ):
                break
            region = parent
        regions.append(region)
    return regions


def _article_before(container: HtmlElement, form: HtmlElement) -> bool:
    """Whether ``container`` holds a headline or prose that precedes ``form`` in the document.

    Paragraphs and bare text runs both count: old table layouts set the article as
    ``<br>``-separated text in a cell.
    """
    for node in container.iter():
        if node is form:
            return False
        if not isinstance(node.tag, str):
            continue
        if node.tag == "h1" or (node.tag == "p" and len(node.text_content()) >= PROSE_RUN_CHARS):
            return True
        for run in (node.text, node.tail if node is not container else None):
            if run and len(run.strip()) >= PROSE_RUN_CHARS:
                return True
    return False


@dataclass
class _Tally:
    """The links under one element (to :data:`CENSUS_DEPTH` levels)."""

    links: int = 0
    acting: int = 0
    internal: set[str] = field(default_factory=set)
    link_chars: int = 0


def _census(tree: HtmlElement, host: str) -> dict[HtmlElement, _Tally]:
    """One pass over the links: per ancestor, how many links, how many act on the page, which
    of the site's own pages they lead to and how much text they carry. Walking each element's
    whole subtree instead cost more than trafilatura's own pass on link-heavy pages."""
    tallies: dict[HtmlElement, _Tally] = {}
    kinds: dict[str, tuple[bool, bool]] = {}
    for n, a in enumerate(tree.iter("a")):
        if n >= CENSUS_MAX_LINKS:
            logger.info("link census stopped at %d links", n)
            break
        href = (a.get("href") or "").strip()
        kind = kinds.get(href)
        if kind is None:
            kind = kinds[href] = _site_link_kind(href, host)
        acting, internal = kind
        # Link text is one run of words: its stripped length is its length (joining split
        # words for every link cost more than the rest of the census).
        chars = len(a.text_content().strip())
        for anc in islice(a.iterancestors(), CENSUS_DEPTH):
            tally = tallies.get(anc)
            if tally is None:
                tally = tallies[anc] = _Tally()
            tally.links += 1
            tally.acting += acting
            tally.link_chars += chars
            if internal:
                tally.internal.add(href)
    return tallies


#: Longest href whose kind is remembered across pages (menus' hrefs are short).
_CACHED_HREF_CHARS = 200


def _site_link_kind(href: str, host: str) -> tuple[bool, bool]:
    """:func:`_link_kind`, remembered across pages: a site's menus, footers and share bars
    repeat the same hrefs on every page of a crawl."""
    if len(href) > _CACHED_HREF_CHARS:
        return _link_kind(href, host)
    return _cached_link_kind(href, host)


def _link_kind(href: str, host: str) -> tuple[bool, bool]:
    """``(action_link(href), _internal(href, host))`` with the URL split once, not twice."""
    try:
        target = (urlsplit(href).hostname or "").lower()
    except ValueError:
        return action_link(href), _internal(href, host)  # both handle the unsplittable
    return action_link(href, target), _internal(href, host, target.removeprefix("www."))


_cached_link_kind = functools.lru_cache(maxsize=4096)(_link_kind)


_BAR_TAGS = frozenset(
    "div ul ol p span section aside nav td font small center".split()
)  # fmt: skip
_LIST_TAGS = frozenset("p ul ol div td font dl".split())


def _bars(tallies: dict[HtmlElement, _Tally]) -> list[HtmlElement]:
    bars = [
        node
        for node, t in tallies.items()
        if node.tag in _BAR_TAGS
        and t.acting >= BAR_MIN_LINKS
        and t.acting >= BAR_MIN_SHARE * t.links
        and _words(node) <= BAR_MAX_WORDS
    ]
    return _outermost(bars)


def _link_lists(tallies: dict[HtmlElement, _Tally]) -> list[HtmlElement]:
    """Blocks that are lists of links to the site's other pages: menus, "most viewed" columns.

    Body prose links a few words; a block that is mostly the titles of several of the site's
    own pages is navigation or a teaser list, whatever its heading says.
    """
    lists = []
    for node, t in tallies.items():
        if node.tag not in _LIST_TAGS or len(t.internal) < LINK_LIST_MIN_LINKS:
            continue
        text = len(" ".join(node.text_content().split()))
        if text and t.link_chars >= LINK_LIST_MIN_SHARE * text and not holds_prose(node):
            lists.append(node)
    return _outermost(lists)


def _outermost(nodes: list[HtmlElement]) -> list[HtmlElement]:
    """The nodes not inside another of them: the row and the list inside it are one widget."""
    chosen = set(nodes)
    return [n for n in nodes if not any(a in chosen for a in n.iterancestors())]


def _internal(href: str, host: str, target: str | None = None) -> bool:
    """Whether ``href`` leads to the site's own pages (``target``: its host, if known)."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    if target is None:
        target = _host(href)
    return not target or (bool(host) and (target == host or target.endswith("." + host)))


def prune_widgets(tree: HtmlElement, url: str | None = None) -> list[Removal]:
    """Remove sign-up boxes, comment sections, share/follow and tool bars, and lists of links
    to the site's own pages from ``tree``."""
    removed: list[Removal] = []
    host = _host(url or "")
    tallies = _census(tree, host)
    found = (
        [("signup_form", n) for n in _signup_boxes(tree)]
        + [("comment_section", n) for n in _comment_regions(tree)]
        + [("share_links", n) for n in _bars(tallies)]
        + [("link_list", n) for n in _link_lists(tallies)]
    )
    for rule, node in found:
        if node.getparent() is None or (rule != "comment_section" and holds_prose(node)):
            continue
        removed.append(Removal(rule, " ".join(node.text_content().split())[:200]))
        drop_node(node)
    return removed
