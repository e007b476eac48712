"""Imported once by the extraction workers' fork server (see :mod:`herald_scraper.extract_pool`;
Scrapy is not imported there, see :mod:`herald_scraper.page_worker`):
loads everything extraction otherwise loads lazily on some later page, before any worker is
forked, so every worker (replacements included) starts warm and shares it copy-on-write
instead of holding its own copy:

* the language model, memory-mapped read-only from its cache
  (:mod:`herald_scraper.extraction.langmodel`: shared page cache, loaded page by page as
  classification reads it);
* htmldate's month names of every dateparser locale and dateparser's parser with the patterns
  of every locale (about 40 MB, built by the first pages whose dates need the extensive
  search);
* trafilatura's justext stop-word list and justext's lower-cased set of it (loaded by the
  first page trafilatura falls back on, about 33 MB: the words are held twice, since justext
  lower-cases a copy of the list it is given).

Then the garbage collector's tracked objects are frozen (:func:`gc.freeze`): a collection in a
worker would otherwise write to every one of them and so copy the pages that hold them. Last,
the heap that loading freed (decompression buffers, temporary sets) goes back to the system
(``malloc_trim``): left resident, those free pages are the first a worker allocates into, so
each worker copied them and the fork server kept its own copy of each (some 40 MB of summed
PSS with 2 workers).
"""

import gc

from herald_scraper.page_worker import malloc_trim, warm_up

warm_up()
try:
    import trafilatura.external as _trafilatura_external
    from htmldate.extractors import get_external_parser, month_words
    from justext.core import define_stoplist

    month_words()
    # a string no locale reads makes dateparser build every locale's patterns
    get_external_parser().get_date_data("3 mars 2021")
    get_external_parser().get_date_data("qq 12 zz 2021")
    if not _trafilatura_external.JT_STOPLIST:
        _trafilatura_external.jt_stoplist_init()  # sets the module's JT_STOPLIST
    define_stoplist(_trafilatura_external.JT_STOPLIST)  # justext's lower-cased copy, cached
except (ImportError, AttributeError):  # other library versions: workers load these lazily
    pass
gc.collect()
gc.freeze()
malloc_trim()
