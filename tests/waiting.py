"""Waiting for what a worker or another process does, with a deadline that fails the test."""

import time
from collections.abc import Callable

import pytest

DEADLINE = 40  # seconds any wait may take before the test fails


def wait_for(condition: Callable[[], object], what: str, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"Timed out after {deadline}s waiting for {what}")
