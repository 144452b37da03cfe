"""The permissions gateway: the one place that decides who may reach a route or an object.

Two layers:
- Route policies. Every view is wrapped in ``@route(policy)``; the policy is attached to the
  view so that a test can enumerate every URL pattern and fail on an unguarded one.
- Object rules. Apps register ``(model, action) -> rule(user, obj)``; views ask ``require()``,
  which raises 404 (never revealing that a record exists) when the rule says no.

Views never check roles themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseBase

from lantern.core.roles import Role

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def user_roles(user: Any) -> frozenset[str]:
    """Roles the user holds in any organisation (empty for anonymous users)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    roles_fn = getattr(user, "roles", None)
    return roles_fn() if callable(roles_fn) else frozenset()


@dataclass(frozen=True)
class Policy:
    """Who may reach a route. ``roles`` empty with ``public`` False means any signed-in user."""

    name: str
    public: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)

    def allows(self, user: Any) -> bool:
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if not self.roles:
            return True
        return bool(self.roles & user_roles(user))

    def describe(self) -> str:
        if self.public:
            return "anyone"
        if not self.roles:
            return "any signed-in user"
        return "roles: " + ", ".join(sorted(self.roles))


PUBLIC = Policy("public", public=True)
SIGNED_IN = Policy("signed_in")


def roles(*allowed: Role | str) -> Policy:
    names = frozenset(str(r) for r in allowed)
    return Policy("roles:" + ",".join(sorted(names)), roles=names)


def route(policy: Policy) -> Callable[[ViewFunc], ViewFunc]:
    """Guard a view with a route policy and record the policy on the view."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not policy.allows(request.user):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.lantern_policy = policy  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorator


def policy_of(view: Callable[..., Any]) -> Policy | None:
    """The route policy of a view callable (None when the view is unguarded)."""
    target: Any = view
    for _ in range(5):
        found = getattr(target, "lantern_policy", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
        target = getattr(target, "view_class", None) or getattr(target, "__wrapped__", None)
        if target is None:
            break
    return None


# --- Object rules ---

ObjectRule = Callable[[Any, Any], bool]
_object_rules: dict[tuple[type[models.Model], str], ObjectRule] = {}


def object_rule(model: type[models.Model], *actions: str) -> Callable[[ObjectRule], ObjectRule]:
    """Register the rule that decides ``action`` on instances of ``model``."""

    def decorator(rule: ObjectRule) -> ObjectRule:
        for action in actions:
            _object_rules[(model, action)] = rule
        return rule

    return decorator


def can(user: Any, action: str, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    rule = _object_rules.get((type(obj), action))
    if rule is None:
        # Deny by default: an action nobody registered is an action nobody may take.
        return False
    return bool(rule(user, obj))


def require(user: Any, action: str, obj: models.Model) -> None:
    """Raise 404 unless ``user`` may take ``action`` on ``obj``."""
    if not can(user, action, obj):
        raise Http404


def object_for[M: models.Model](
    user: Any, action: str, source: type[M] | models.QuerySet[M], **lookup: Any
) -> M:
    """The object ``lookup`` finds in ``source`` (a model or a queryset) if ``user`` may take
    ``action`` on it; 404 otherwise, the same whether it is missing or forbidden."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    require(user, action, obj)
    return obj


def registered_object_rules() -> Iterable[tuple[type[models.Model], str]]:
    return tuple(_object_rules)
