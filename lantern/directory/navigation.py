from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import SIGNED_IN

register_nav(NavItem("directory", "Services", "directory:directory", SIGNED_IN, order=25))
