"""The heat map's squares, one path per kind of day.

A year is about 365 squares; drawn as one element each, with a label, they were three quarters of
the dashboard's HTML (55 KB). One path per state, a square being `M x y h11 v11 h-11 z` with a
round 2-pixel stroke for the corners, draws the same picture in about 8 KB. What the squares say
is in the figure's caption for everyone, screen readers included (the SVG is one image).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from streaks.selectors import Heatmap

register = template.Library()


@register.simple_tag
def heatmap_cells(heatmap: Heatmap) -> SafeString:
    return mark_safe(  # noqa: S308 (numbers, and a state from a fixed list, escaped all the same)
        "".join(
            f'<path class="day-{escape(state)}" data-days="{len(corners)}" d="'
            + "".join(f"M{int(x) + 1} {int(y) + 1}h11v11h-11z" for x, y in corners)
            + '"/>'
            for state, corners in heatmap.squares.items()
        )
    )
