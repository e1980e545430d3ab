"""Links reversed once per pattern are the links reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from community.links import link


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("forum:thread", 1),
        ("forum:post", 987654320),
        ("forum:post_react", 42),
        ("forum:category", "early-days"),
        ("accounts:profile", "maya_2"),
        ("forum:suspend", "Ünïcode"),
    ],
)
def test_link_is_what_reverse_gives(name, value):
    assert link(name, value) == reverse(name, args=[value])


def test_link_follows_the_script_prefix():
    try:
        set_script_prefix("/community/")
        assert link("forum:thread", 7) == reverse("forum:thread", args=[7]) == "/community/forum/t/7/"
    finally:
        set_script_prefix("/")
