"""The service menu: each area shown only to people whose roles reach it."""

from dataclasses import dataclass

from . import access
from .queries import url_or_none


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str | None
    prefix: str


MENU = [
    NavItem("Home", "core:home", None, "/home/"),
    NavItem("Casework", "cases:index", "case.view", "/cases/"),
    NavItem("Scorecard", "indicators:index", "indicator.view", "/indicators/"),
    NavItem("Improvement plans", "plans:index", "plan.view", "/plans/"),
    NavItem("Users", "core:user_list", "users.manage", "/users/"),
    NavItem("Audit trail", "core:audit_list", "audit.view", "/audit/"),
]


def items_for(user, path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in MENU:
        if item.capability and not access.can_anywhere(user, item.capability):
            continue
        href = url_or_none(item.url_name)
        if href is None:
            continue
        items.append({"label": item.label, "href": href, "active": path.startswith(item.prefix)})
    return items
