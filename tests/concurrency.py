"""Running the same work in several threads at once, each on its own database connection."""

import threading

from django.db import connection


def run_together(target, count=2):
    """Run `target(i)` in `count` threads started at the same moment; return their results in
    order and re-raise the first error."""
    results, errors = [None] * count, []
    barrier = threading.Barrier(count)

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = target(i)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results
