from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import roles
from lantern.core.roles import Role

register_nav(
    NavItem(
        "cases", "Cases", "support:case_list", roles(Role.CASEWORKER, Role.SUPERVISOR), order=40
    )
)
register_nav(NavItem("dpo_cases", "Case access", "support:dpo_cases", roles(Role.DPO), order=85))
