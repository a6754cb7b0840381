"""The Jinja environment that writes Markdown pages: every value escaped unless marked safe.

Templates are files under generator/render/templates/. YAML content reaches them only as data: a
value printed with `{{ … }}` goes through `plain()` (Markdown- and HTML-safe) unless it is
already `Markup` — sanitised Markdown fields, SVG, and links this package built.
"""

from __future__ import annotations

import datetime
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.core.resources import PAGE_TEMPLATES
from generator.core.template_cache import template_cache
from generator.crm.stage_settings import settings as crm_settings
from generator.render import amounts
from generator.render.text import code_spans, html_text, plain, rich

TEMPLATES = PAGE_TEMPLATES


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else plain(value)


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _date(value: datetime.date) -> str:
    return f"{value.day} {value:%b %Y}"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=template_cache(),
        undefined=StrictUndefined,
        # Output is Markdown, not HTML: `_finalize` escapes for both and returns Markup, so the
        # autoescape pass leaves it alone; autoescape also keeps macro output as Markup.
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        plain=plain,
        code_spans=code_spans,
        rich=rich,
        html=html_text,
        percent=_percent,
        number=_number,
        date=_date,
        safe_markup=Markup,
        money=amounts.money,
        money_range=amounts.money_range,
        count_range=amounts.count_range,
        words=amounts.words,
    )
    # A stage's settings in each CRM the manifest names, as `playbook crm export` writes them.
    env.globals["crm_settings"] = crm_settings
    return env
