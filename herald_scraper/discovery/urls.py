"""URL canonicalisation and same-site checks.

One canonical spelling per page lets the scheduler and the dedupe pipeline recognise the same
article reached through a feed, a sitemap and a tracked social link. The heavy lifting (percent
encoding, IDNA hosts, dot segments, sorted query) is :func:`w3lib.url.canonicalize_url`; this
module adds what w3lib leaves to the caller: tracking-parameter removal (our list plus
courlan's), default ports, the http(s)-only policy, and the hygiene of courlan's ``scrub_url``
for links copied out of markup: ``&amp;`` in a query is ``&``; a URL holding ``<``/``>`` (a tag
glued to the link) or a scheme name as its host (``http://https://...``) is refused, not guessed.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize

if TYPE_CHECKING:
    import tldextract

logger = logging.getLogger(__name__)

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        # Ad-click identifiers (Google, Facebook, Microsoft, Yandex, Twitter, LinkedIn, TikTok).
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "li_fat_id", "ttclid", "igshid", "igsh",
        # Newsletter / marketing automation (Mailchimp, HubSpot, Marketo, Vero).
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "hsctatracking", "mkt_tok", "vero_id", "vero_conv",
        # Analytics cross-domain linkers and publisher campaign codes.
        "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "ncid", "s_cid", "wt.mc_id", "wt_mc",
        "xtor", "ito", "sr_share", "spm", "guccounter", "guce_referrer", "guce_referrer_sig",
        "fb_action_ids", "fb_action_types", "fb_source", "fb_ref", "action_object_map",
        "action_type_map", "action_ref_map", "oly_anon_id", "oly_enc_id", "rb_clickid",
        "__twitter_impression", "smid", "smtyp",
    }
)  # fmt: skip
"""Query parameter names (compared lower-cased) that track the visitor, never select content."""

TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "at_", "pk_", "mtm_", "hsa_", "piwik_", "itm_")
"""Name prefixes of tracking families: Google UTM, AT Internet/Piano ``at_*``, Matomo
``pk_``/``mtm_``, HubSpot ads ``hsa_``, internal-promotion ``itm_``."""

_DEFAULT_PORTS = {"http": 80, "https": 443}


@cache
def _tld_extract() -> tldextract.TLDExtract:
    """The Public Suffix List reader, made on first use: tldextract (with requests, which it
    imports) is only needed for registrable domains (the cross-page pipeline, subdomain scopes),
    not to canonicalise URLs.

    Offline Public Suffix List snapshot: never fetch the list over the network, never write a
    cache. Private suffixes count, so two *.blogspot.com or *.github.io blogs are different
    sites."""
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


@cache
def _courlan_trackers() -> re.Pattern[str]:
    """courlan's tracker patterns, imported on the first query parameter to check (courlan
    loads its URL filters, babel and tld with them: ~1.7 MB a crawl of plain URLs never needs)."""
    from courlan.clean import TRACKERS_RE

    return TRACKERS_RE


# courlan's patterns also match a bare "ref", which selects content on some sites (a branch, a
# product reference): dropping a parameter that matters merges two pages, keeping a tracker
# only costs a duplicate fetch that the text hash catches, so the ambiguous name stays.
_CONTENT_PARAMS = frozenset({"ref"})
_SCHEME_HOSTS = frozenset({"http", "https", "ftp", "www"})  # "http://https://x" -> host "https"


@lru_cache(maxsize=1024)
def is_tracking_param(name: str) -> bool:
    """True when query parameter ``name`` is a known tracking parameter (ours, or one matched by
    courlan's maintained tracker patterns such as ``clickid``, ``aftr_source``)."""
    key = unquote(name).strip().lower()
    return (
        key in TRACKING_PARAMS
        or key.startswith(TRACKING_PREFIXES)
        or (_courlan_trackers().search(key) is not None and key not in _CONTENT_PARAMS)
    )


def _strip_tracking(query: str) -> str:
    # Filter the raw ``k=v`` pairs rather than parse_qsl/urlencode them, so the encoding of kept
    # values reaches w3lib untouched and is normalised exactly once.
    kept = [pair for pair in query.split("&") if pair and not is_tracking_param(pair.split("=")[0])]
    return "&".join(kept)


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """Return the canonical absolute http(s) form of ``url``, or None when it cannot be one.

    ``url`` is resolved against ``base`` when given. The result has a lower-case scheme and host,
    no default port, no fragment, no tracking parameters (:data:`TRACKING_PARAMS`,
    :data:`TRACKING_PREFIXES`), the remaining query parameters sorted, normalised
    percent-encoding and no empty ``?``. The path's trailing slash is kept as it is.
    """
    if not isinstance(url, str) or not url.strip():
        logger.debug("canonicalize_url: empty or non-string url %r", url)
        return None
    if base is not None and not isinstance(base, str):
        logger.debug("canonicalize_url: ignoring non-string base %r", base)
        base = None
    raw = url.strip()
    if "<" in raw or ">" in raw:  # "/a/</a>": markup caught with the link, not an address
        logger.debug("canonicalize_url: markup in url %r", url)
        return None
    try:
        absolute = urljoin(base, raw) if base else raw
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
            logger.debug("canonicalize_url: not an absolute http(s) url: %r", url)
            return None
        if parts.hostname in _SCHEME_HOSTS and not parts.port:
            logger.debug("canonicalize_url: doubled scheme in %r", url)
            return None
        if "&amp;" in parts.query:  # an HTML-escaped link: "?id=1&amp;page=2" is "?id=1&page=2"
            parts = parts._replace(query=parts.query.replace("&amp;", "&"))
        cleaned = urlunsplit(parts._replace(query=_strip_tracking(parts.query), fragment=""))
        canon = urlsplit(_w3lib_canonicalize(cleaned, keep_fragments=False))
        netloc = canon.netloc
        if canon.port is not None and canon.port == _DEFAULT_PORTS[canon.scheme]:
            netloc = netloc.rsplit(":", 1)[0]
        return urlunsplit((canon.scheme, netloc, canon.path or "/", canon.query, ""))
    except (ValueError, TypeError) as exc:  # bad port, broken IPv6 literal, IDNA, non-str base
        logger.debug("canonicalize_url: unparsable url %r: %s", url, exc)
        return None


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except (ValueError, AttributeError):
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    try:  # compare IDNs in one spelling: bücher.de == xn--bcher-kva.de
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=4096)
def _registered(host: str) -> str:
    ext = _tld_extract()(host)
    # IP addresses, ``localhost`` and unknown suffixes have no registrable part: use the host.
    return ext.top_domain_under_public_suffix or host


def registered_domain(url: str) -> str | None:
    """The registrable domain of ``url`` (``news.bbc.co.uk`` -> ``bbc.co.uk``), None if no host.

    Uses tldextract's bundled Public Suffix List snapshot (no network). IP addresses and
    single-label hosts such as ``localhost`` are returned as they are.
    """
    host = _host(url) if isinstance(url, str) else None
    if host is None:
        logger.debug("registered_domain: no host in %r", url)
        return None
    return _registered(host)


def same_site(url: str, home_url: str, allow_subdomains: bool = False) -> bool:
    """True when ``url`` belongs to the site at ``home_url``.

    By default the hosts must be equal, ignoring a leading ``www.``, letter case and the port.
    With ``allow_subdomains`` any host under the same registrable domain matches
    (``edition.cnn.com`` and ``www.cnn.com``).
    """
    host = _host(url) if isinstance(url, str) else None
    home = _host(home_url) if isinstance(home_url, str) else None
    if host is None or home is None:
        logger.debug("same_site: missing host in %r or %r", url, home_url)
        return False
    if host == home:
        return True
    return allow_subdomains and _registered(host) == _registered(home)


def _effective_port(url: str) -> tuple[str, int | None] | None:
    """``(scheme, port)`` with the scheme's default port filled in; None when unparsable."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    return scheme, port if port is not None else _DEFAULT_PORTS.get(scheme)


def same_origin(url: str, home_url: str, allow_subdomains: bool = False) -> bool:
    """:func:`same_site` and the same scheme and port: the scope of a crawl.

    ``127.0.0.1:8001`` is another site than ``127.0.0.1:8000`` (two servers on one machine).
    One move is allowed: an ``http`` home on the default port to ``https`` on the default port,
    as nearly every site redirects there.
    """
    if not isinstance(url, str) or not isinstance(home_url, str):
        return False
    if not same_site(url, home_url, allow_subdomains=allow_subdomains):
        return False
    mine, home = _effective_port(url), _effective_port(home_url)
    if mine is None or home is None:
        return False
    return mine == home or (home == ("http", 80) and mine == ("https", 443))
