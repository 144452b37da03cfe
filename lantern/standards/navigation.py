from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import PUBLIC, roles
from lantern.core.roles import Role

register_nav(NavItem("standards", "Standards", "standards:index", PUBLIC, order=30))
register_nav(
    NavItem(
        "standards_manage",
        "Manage standards",
        "standards:manage",
        roles(Role.STANDARDS_AUTHOR),
        order=31,
    )
)
