"""The cache keys of the safety app: the only place they are spelled."""

import hashlib


def erased_address_key(address: str) -> str:
    """A discreet member's address, hashed, kept a day after the account is erased so the one
    e-mail sent after the row is gone is neutral too."""
    return "safety:discreet-erased:" + hashlib.sha256(address.lower().encode()).hexdigest()
