"""Imported once by the extraction workers' fork server (see :mod:`herald_scraper.extract_pool`):
loads what extraction otherwise loads on the first page (the language model, about 75 MB) before
any worker is forked, so every worker, replacements included, starts warm and shares it."""

from herald_scraper.extract_pool import warm_up

warm_up()
