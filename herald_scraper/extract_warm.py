"""Imported once by the extraction workers' fork server (see :mod:`herald_scraper.extract_pool`):
loads everything extraction otherwise loads lazily on some later page, before any worker is
forked, so every worker (replacements included) starts warm and shares it copy-on-write
instead of holding its own copy:

* the language model (about 70 MB, mostly arrays no worker ever writes);
* htmldate's month names of every dateparser locale and dateparser's own parser (about 40 MB
  of compiled patterns, loaded by the first page whose date needs the extensive search);
* trafilatura's justext stop-word list (loaded by the first page trafilatura falls back on).

Then the garbage collector's tracked objects are frozen (:func:`gc.freeze`): a collection in a
worker would otherwise write to every one of them and so copy the pages that hold them.
"""

import gc

from herald_scraper.extract_pool import warm_up

warm_up()
try:
    import trafilatura.external as _trafilatura_external
    from htmldate.extractors import get_external_parser, month_words

    month_words()
    get_external_parser().get_date_data("3 mars 2021")
    if not _trafilatura_external.JT_STOPLIST:
        _trafilatura_external.jt_stoplist_init()  # sets the module's JT_STOPLIST
except (ImportError, AttributeError):  # other library versions: workers load these lazily
    pass
gc.collect()
gc.freeze()
