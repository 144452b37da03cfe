from lantern.core.navigation import NavItem, register_nav
from lantern.core.permissions import PUBLIC

register_nav(NavItem("respond", "I'm worried about someone", "respond:start", PUBLIC, order=20))
