from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import SIGNED_IN, roles
from lantern.core.roles import Role

register_nav(NavItem("learning", "My learning", "learning:home", SIGNED_IN, order=20))
register_nav(
    NavItem(
        "learning_report",
        "Learning report",
        "learning:report",
        roles(Role.ORG_ADMIN, Role.PROGRAMME_LEAD, Role.PLATFORM_ADMIN),
        order=60,
    )
)
