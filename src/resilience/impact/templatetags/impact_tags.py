"""``{% load impact_tags %}{% impact_headlines %}``: the public headline figures
(disclosure-controlled) for any page, such as the landing page."""

from __future__ import annotations

from typing import Any

from django import template

from resilience.impact import reports

register = template.Library()


@register.inclusion_tag("impact/_headlines.html")
def impact_headlines() -> dict[str, Any]:
    return {"headlines": reports.public_headlines()}
