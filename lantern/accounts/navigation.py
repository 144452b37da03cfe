from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import SIGNED_IN, roles
from lantern.core.roles import Role

register_nav(NavItem("home", "Home", "accounts:home", SIGNED_IN, order=10))
register_nav(NavItem("account", "Your account", "accounts:account", SIGNED_IN, order=95))
register_nav(
    NavItem(
        "organisations",
        "Organisations",
        "accounts:organisations",
        roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN),
        order=80,
    )
)
register_nav(
    NavItem(
        "audit", "Audit log", "accounts:audit_log", roles(Role.DPO, Role.PLATFORM_ADMIN), order=90
    )
)
