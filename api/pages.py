"""The HTML the service renders itself (Jinja2, autoescaped): the credit report and the public pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).with_name("resources")
KINDS = {"company": "企业", "person": "个人", "shop": "网店", "platform": "平台", "courier": "快递"}
LIST_TITLES = {"black": "严重失信主体名单（黑名单）", "red": "守信激励对象名单（红名单）"}
LIST_BASIS = {
    "black": "published under 苏政办发〔2017〕144号 电子商务意见 (二十) and 个人诚信意见 六(三)",
    "red": "published under 苏政办发〔2017〕144号 电子商务意见 (十九)",
}

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def text(value: Any) -> str:
    """A value as a page shows it: dates in ISO form, nothing for None."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def render(name: str, **context: Any) -> str:
    return _env.get_template(name).render(s=text, **context)


def public_list(page: dict[str, Any]) -> str:
    """One public page of a list (``service.lists.published``, personal fields already removed)."""

    def link(n: int) -> str:
        query = {"page": n, "as_of": text(page["as_of"])} | ({"q": page["q"]} if page["q"] else {})
        return f"/public/lists/{page['list']}?{urlencode(query)}"

    return render(
        "public_list.html",
        p=page,
        title=LIST_TITLES[page["list"]],
        basis=LIST_BASIS[page["list"]],
        kinds=KINDS,
        link=link,
    )
