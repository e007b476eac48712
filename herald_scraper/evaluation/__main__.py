"""``python -m herald_scraper.evaluation DATASET ...``: the eval command without the main CLI."""

import sys

from herald_scraper.evaluation.cli import main

sys.exit(main())
