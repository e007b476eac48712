"""SSRF guard: no request goes to a private, loopback, link-local or otherwise non-public
address, unless a start URL itself is on that address.

A page, a sitemap, a feed or a redirect can name any URL; a hostname can resolve to anything
(``metadata.example.com`` -> 169.254.169.254, the cloud metadata service). This downloader
middleware, placed before every other one (robots.txt included, so a refused host does not
even get a robots.txt request), resolves the request's host and refuses the request when an
address is not public: ``herald/skipped/blocked_address`` (and ``herald/skipped``), one log
line, and :class:`BlockedAddress` (an ``IgnoreRequest``) to the errback.

The check runs on the resolved address before any connection. It resolves through the
reactor's resolver, Scrapy's caching resolver (``DNSCACHE_ENABLED``, on by default), so the
connection that follows uses the very address that was checked (a DNS answer that changes
between the check and the connection cannot slip through while the cache holds it).

Allowed non-public addresses: those of the spider's ``trusted_hosts`` (the hosts of its start
URLs), so a crawl of ``http://127.0.0.1:8000/`` or of an intranet site still works.

Settings:

* ``HERALD_BLOCK_PRIVATE_ADDRESSES`` (default ``True``): ``False`` turns the guard off (for a
  crawl of an internal network where every address is private).
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from herald_scraper.middlewares import AlreadyCounted

logger = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddress(AlreadyCounted):
    """The request's host is on a non-public address (counted by the middleware)."""


def parse_address(text: str) -> Address | None:
    """An IP address (IPv6 without brackets), or None for a hostname."""
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def is_public(address: Address) -> bool:
    """True for a globally routable unicast address; False for private (RFC 1918, ULA),
    loopback, link-local, shared (CGNAT), reserved, multicast and unspecified addresses,
    including IPv4 ones written as IPv6 (``::ffff:169.254.169.254``)."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public(mapped)
    return address.is_global and not address.is_multicast


async def resolve(host: str) -> list[Address]:
    """The addresses ``host`` resolves to, through the reactor's (caching) resolver."""
    literal = parse_address(host)
    if literal is not None:
        return [literal]
    from twisted.internet import reactor

    answer = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined,arg-type]
    address = parse_address(str(answer))
    return [address] if address is not None else []


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.trusted: set[Address] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("HERALD_BLOCK_PRIVATE_ADDRESSES", True):
            raise NotConfigured
        return cls(crawler)

    async def trusted_addresses(self) -> set[Address]:
        """Addresses of the start URLs' hosts (resolved once)."""
        if self.trusted is None:
            trusted: set[Address] = set()
            for host in getattr(self.crawler.spider, "trusted_hosts", ()):
                try:
                    trusted.update(await resolve(host))
                except Exception:  # unresolvable start host: its requests fail on their own
                    logger.debug("cannot resolve start host %s", host)
            self.trusted = trusted
        return self.trusted

    async def process_request(self, request: Request) -> Any:
        host = urlsplit(request.url).hostname
        if not host:
            return None
        try:
            addresses = await resolve(host)
        except Exception:  # DNS failure: the download fails and is counted as such
            return None
        blocked = [a for a in addresses if not is_public(a)]
        if not blocked or set(blocked) <= await self.trusted_addresses():
            return None
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("herald/skipped")
            stats.inc_value("herald/skipped/blocked_address")
        logger.warning(
            "blocked %s: %s is on a non-public address (%s)",
            request.url,
            host,
            ", ".join(map(str, blocked)),
        )
        raise BlockedAddress(f"non-public address {blocked[0]} for {request.url}")
