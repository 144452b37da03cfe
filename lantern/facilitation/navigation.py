from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import roles
from lantern.core.roles import Role

register_nav(
    NavItem(
        "facilitation",
        "Facilitation",
        "facilitation:home",
        roles(Role.FACILITATOR, Role.PROGRAMME_LEAD),
        order=40,
    )
)
