"""Scrapy settings for herald-scraper: politeness defaults, component order, HERALD_* defaults.

Every ``HERALD_*`` setting is documented in the class docstring of the component that reads it;
the defaults here are the single source of their values.
"""

BOT_NAME = "herald_scraper"
SPIDER_MODULES = ["herald_scraper.spiders"]
NEWSPIDER_MODULE = "herald_scraper.spiders"
# a `crawl` that reports user errors in one line and a non-zero exit (herald_scraper.commands)
COMMANDS_MODULE = "herald_scraper.commands"

# --- politeness: defaults a site operator would accept -------------------------------------
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # matches extraction.engine.MAX_PAGE_BYTES
RETRY_TIMES = 2
# The User-Agent names the project and a contact URL (HERALD_CONTACT_URL); see spiders.base.
HERALD_CONTACT_URL = "https://github.com/herald-scraper/herald-scraper"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control extension (an HTTP server that runs posted Python code in the
# crawl) is off for scheduled crawls, like the telnet console, and not even imported (aiohttp,
# ~10 MB of the crawl process): see EXTENSIONS.
REMOTE_CONTROL_ENABLED = False

# --- components ---------------------------------------------------------------------------
ITEM_PIPELINES = {
    "herald_scraper.pipelines.validate.ValidatePipeline": 100,
    "herald_scraper.pipelines.dedupe.DedupePipeline": 200,
    "herald_scraper.pipelines.state.StatePipeline": 300,
    # after the state's change check (it compares extracted text, not what was learned so far)
    "herald_scraper.pipelines.crosspage.CrossPageBoilerplatePipeline": 350,
    "herald_scraper.pipelines.jsonl.JsonlWriterPipeline": 900,
}
DOWNLOADER_MIDDLEWARES = {
    # SSRF guard first: a non-public address gets no request at all, robots.txt included
    "herald_scraper.addressguard.AddressGuardMiddleware": 40,
    "herald_scraper.middlewares.RedirectScopeMiddleware": 50,
    # Retry-After honoured (herald_scraper.retry), in place of Scrapy's RetryMiddleware
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "herald_scraper.retry.RetryAfterMiddleware": 550,
    # meta refresh read from the page's first 4 KB, not a decoded copy of it all
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "herald_scraper.metarefresh.HeadMetaRefreshMiddleware": 580,
    # raw responses as received, to a WARC file when HERALD_WARC is set (herald_scraper.warc)
    "herald_scraper.warc.WarcRecorder": 950,
}
EXTENSIONS = {
    "scrapy.extensions.remote_control.RemoteControl": None,
    # discards JOBDIR's queue and seen-set left inconsistent by a killed run (herald_scraper.jobdir)
    "herald_scraper.jobdir.JobdirGuard": 0,
    "herald_scraper.extract_pool.ExtractPool": 100,
    # redirects the dupefilter drops (loops, known pages) are counted (herald_scraper.dropped)
    "herald_scraper.dropped.DroppedRedirects": 400,
    "herald_scraper.extensions.CrawlSummary": 500,
    # a periodic line with pages done, rate and, for a URL list, ETA (herald_scraper.progress)
    "herald_scraper.progress.CrawlProgress": 510,
}

# --- herald defaults (documented where they are read) ---------------------------------------
HERALD_OUTPUT_DIR = "output"
HERALD_PROGRESS_INTERVAL = 60.0  # seconds between progress lines; 0: none (herald_scraper.progress)
HERALD_WARC = "off"  # "on": raw responses to a WARC beside the JSONL (herald_scraper.warc)
HERALD_BLOCK_PRIVATE_ADDRESSES = True  # SSRF guard (herald_scraper.addressguard)
HERALD_RETRY_AFTER_MAX = 60  # seconds; a longer Retry-After gives the URL up (herald_scraper.retry)
# sitemap caps (herald_scraper.spiders.sitemap)
HERALD_SITEMAP_MAX_DEPTH = 3  # nested sitemap indexes followed
HERALD_MAX_SITEMAPS = 1000  # sitemap documents per crawl
HERALD_SITEMAP_MAX_ENTRIES = 50_000  # entries read per sitemap (the protocol's limit)
HERALD_FEED_MAX_ENTRIES = 1000  # entries read per feed (herald_scraper.spiders.feed)
HERALD_FSYNC = True  # fdatasync each record before the state records it (pipelines.jsonl)
HERALD_MIN_WORDS = 50
HERALD_STATS_FILE: str | None = None
HERALD_EXTRA_SELECTORS: list[str] = []
HERALD_EXTRA_PHRASES: list[str] = []
HERALD_SITES_DIR = "."  # holds sites.toml and/or sites/*.toml (herald_scraper.sites)
HERALD_STATE = "on"  # "off": no crawl state, every article written (herald_scraper.state)
HERALD_STATE_PATH = ""  # "": <HERALD_OUTPUT_DIR>/.state/<BOT_NAME>.sqlite3
# cross-page boilerplate learning (herald_scraper.pipelines.crosspage)
HERALD_CROSSPAGE = True
HERALD_CROSSPAGE_MIN_PAGES = 3
HERALD_CROSSPAGE_MIN_SHARE = 0.05
HERALD_CROSSPAGE_MAX_WORDS = 50
HERALD_CROSSPAGE_MAX_SITES = 256
# extraction worker processes (herald_scraper.extract_pool)
HERALD_EXTRACT_WORKERS: int | None = None  # None: one per core; 0: inline on the reactor thread
HERALD_EXTRACT_TIMEOUT = 30.0  # seconds per page in a worker
HERALD_EXTRACT_MAX_PAGES = 50  # pages per worker before a fresh one replaces it; 0: never
HERALD_EXTRACT_HOOK: str | None = None  # tests only: callable(url) run in the worker first
# distributed crawls with -s REDIS_URL=redis://host:port/db (herald_scraper.distributed)
HERALD_REDIS_IDLE_CLOSE = 30.0  # seconds the shared queue is empty and all workers idle
HERALD_WORKER_ID = ""  # "": <hostname>-<pid>; in the worker's JSONL file name

# --- Scrapy housekeeping --------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# dropped items in one line (reason and URL), not the whole article (herald_scraper.logformatter)
LOG_FORMATTER = "herald_scraper.logformatter.HeraldLogFormatter"
