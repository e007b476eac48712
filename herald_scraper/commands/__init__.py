"""Project commands (``COMMANDS_MODULE``): a ``crawl`` that reports user errors in one line."""
