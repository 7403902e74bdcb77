"""The preview page: page.html with page.css and page.js inlined (one request, nothing else to serve),
and the View it starts from as JSON, so the cards show before the event stream has said anything."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources

from fichegen.preview.render import View


@lru_cache(maxsize=None)
def _parts() -> tuple[str, str, str]:
    here = resources.files("fichegen.preview")
    return tuple((here / name).read_text(encoding="utf-8") for name in ("page.html", "page.css", "page.js"))


def html_page(view: View) -> bytes:
    """The page as it stands for `view`."""
    page, css, js = _parts()
    # "<" escaped inside the JSON, so no text of a card can close the script element holding it
    state = json.dumps(view.as_json(), ensure_ascii=False).replace("<", "\\u003c")
    title = html.escape(view.title or "fichegen preview")
    parts = {"css": css, "js": js, "title": title, "state": state}
    return re.sub(r"\{(css|js|title|state)\}", lambda m: parts[m[1]], page).encode("utf-8")  # in one pass
