"""gunicorn's settings for `make serve` and the benchmark (`gunicorn -c config/gunicorn.py`).

Sync workers, two per processor and one more: a page is a few milliseconds of Python and a
few small queries, so processes, not threads, are what keep both processors busy.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi"
bind = os.environ.get("TINTE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
accesslog = os.environ.get("TINTE_ACCESS_LOG", "-")
# nginx on the same machine says who the visitor is (X-Forwarded-Proto, X-Real-IP).
forwarded_allow_ips = "127.0.0.1"
