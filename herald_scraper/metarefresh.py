"""Scrapy's meta-refresh redirects, read from the head of the page only.

Scrapy's ``MetaRefreshMiddleware`` looks for ``<meta http-equiv="refresh">`` in the first 4,096
characters, but to get them it decodes the whole body (``response.text``, and the charset
inference behind ``response.encoding``) of every HTML page, in the crawl process, on the
reactor thread. With extraction in worker processes that decoding was the largest piece of
per-page work left in the crawl process, and it kept a decoded copy of every page waiting for a
worker. Here the same middleware sees a copy of the response cut to its first
:data:`HEAD_BYTES` bytes; the page itself goes on untouched. (A multi-byte character cut at the
end decodes as one replacement character: nothing a refresh URL depends on.)

Replaces ``scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware`` at the same order
(580) in ``herald_scraper.settings``; Scrapy's ``METAREFRESH_*`` settings apply unchanged.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

logger = logging.getLogger(__name__)

#: Bytes of the page read for a refresh tag (Scrapy reads 4,096 characters).
HEAD_BYTES = 4096


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= HEAD_BYTES:
            return super().process_response(request, response)
        # a new response, not response.replace(): replace() copies `encoding`, which Scrapy
        # infers by decoding the whole body
        head = HtmlResponse(
            response.url,
            status=response.status,
            headers=response.headers,
            body=response.body[:HEAD_BYTES],
            request=response.request,
        )
        result = super().process_response(request, head)
        return response if result is head else result
