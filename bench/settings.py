"""Production settings as the mixed-workload benchmark serves them (`bench/run.py --mix`).

Everything is `community.settings.production`, with two changes, both from the environment:
- BENCH_CACHE_URL and BENCH_SIDE_URL: the cache on a Redis server of its own, and the rate-limit
  counters and the Celery broker on another, so that the cache's hits and misses can be read from
  its server's INFO without the broker's and the counters' traffic.
- BENCH_REQUEST_LOG: a directory where `bench.request_log` writes one line per request (status,
  SQL queries, time), for the queries per request and a server-side count of errors.
"""

from community.settings.production import *  # noqa: F403
from community.settings.production import MIDDLEWARE, env, redis_caches

if env("BENCH_CACHE_URL", default=""):
    CACHES = redis_caches(env("BENCH_CACHE_URL"))
    CACHES["ratelimit"]["LOCATION"] = env("BENCH_SIDE_URL")
    CELERY_BROKER_URL = env("BENCH_SIDE_URL")

if env("BENCH_REQUEST_LOG", default=""):
    # First, so that it counts every query of the request, the session's included.
    MIDDLEWARE = ["bench.request_log.RequestLogMiddleware", *MIDDLEWARE]
