"""``{% badges_on as on %}``: whether this service signs Open Badges (ADR 11)."""

from django import template

from lantern.learning import badge_keys

register = template.Library()


@register.simple_tag
def badges_on() -> bool:
    return badge_keys.current_key() is not None
