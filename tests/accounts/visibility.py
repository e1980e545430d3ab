"""Who may see a member's streak: (the member's choice, who is looking, whether they see it)."""

VISIBILITY_CASES = [
    ("only_me", "anonymous", False),
    ("only_me", "member", False),
    ("only_me", "owner", True),
    ("members", "anonymous", False),
    ("members", "member", True),
    ("members", "owner", True),
    ("everyone", "anonymous", True),
    ("everyone", "member", True),
    ("everyone", "owner", True),
]
