"""One line per request for the load benchmark: method, path, status, SQL queries and milliseconds.

Enabled by `bench/settings.py` when BENCH_REQUEST_LOG names a directory; each worker appends to its
own file there, opened per request so that the benchmark can collect and remove the files between
runs.
"""

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.directory = Path(os.environ["BENCH_REQUEST_LOG"])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        line = f"{request.method}\t{request.path}\t{response.status_code}\t{queries}\t{elapsed:.2f}\n"
        with (self.directory / f"{os.getpid()}.tsv").open("a") as log:
            log.write(line)
        return response
