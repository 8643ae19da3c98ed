"""gunicorn's settings for Verbatim, read from the working directory: `gunicorn quotes.wsgi`.

Threaded workers (`gthread`): each worker's main thread tells the arbiter it is alive while its
threads serve requests, so a download of the whole record (a couple of minutes) is never taken
for a hung worker and killed at `timeout`, as a sync worker would be. A request cannot hang
either: every wait for PostgreSQL has a deadline in the web workers
(quotes/reliability/database.py) and the cache fails open after a quarter of a second.

Each setting can be changed from the environment, as gunicorn's own `GUNICORN_CMD_ARGS` can.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core: while one waits on PostgreSQL, the other has the core.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Seconds a worker may stay silent before it is restarted: with threads, only a worker whose
# main loop is stuck, never a long request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A fresh process now and then keeps memory from creeping; the jitter keeps workers from
# restarting together.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
