"""Staff lists: filters, search, paging, htmx partial updates and CSV/XLSX export.

Every list page is a :class:`Listing`: its columns serve both the HTML table and the
exports, so an export always holds what the list shows (all pages, same filters).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass
class Column:
    header: Any
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    num: bool = False


@dataclass
class Filter:
    name: str
    label: Any
    choices: list[tuple[Any, Any]]
    apply: Callable[[QuerySet, str], QuerySet]
    empty_label: Any = _("Any")  # noqa: RUF009 - a lazy string, evaluated per request


@dataclass
class Listing:
    title: Any
    slug: str
    columns: list[Column]
    filters: list[Filter] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    search_label: Any = _("Search")  # noqa: RUF009 - a lazy string, evaluated per request
    per_page: int = 50
    actions: list[tuple[Any, str]] = field(default_factory=list)
    intro: Any = ""

    def filtered(self, request: HttpRequest, qs: QuerySet) -> tuple[QuerySet, dict[str, str]]:
        chosen: dict[str, str] = {}
        for f in self.filters:
            value = request.GET.get(f.name, "")
            if value and value in {str(v) for v, _label in f.choices}:
                qs = f.apply(qs, value)
                chosen[f.name] = value
        query = request.GET.get("q", "").strip()
        if query and self.search:
            cond = Q()
            for name in self.search:
                cond |= Q(**{f"{name}__icontains": query})
            qs = qs.filter(cond)
            chosen["q"] = query
        return qs, chosen

    def respond(self, request: HttpRequest, qs: QuerySet,
                extra: dict[str, Any] | None = None) -> HttpResponse:
        qs, chosen = self.filtered(request, qs)
        export = request.GET.get("export")
        if export == "csv":
            return export_csv(self, qs)
        if export == "xlsx":
            return export_xlsx(self, qs)
        page = Paginator(qs, self.per_page).get_page(request.GET.get("page"))
        rows = [[(c.value(obj), c.link(obj) if c.link else "", c.num) for c in self.columns]
                for obj in page.object_list]
        context = {"listing": self, "page": page, "rows": rows, "chosen": chosen,
                   "q": chosen.get("q", ""),
                   "filter_rows": [(f, chosen.get(f.name, "")) for f in self.filters],
                   **(extra or {})}
        template = ("outreach/_list_results.html" if request.headers.get("HX-Request")
                    and request.headers.get("HX-Target") == "results" else "outreach/list.html")
        return render(request, template, context)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (int, float, dt.date)):
        return value
    return str(value)


def _filename(listing: Listing, ext: str) -> str:
    return f"{listing.slug}-{timezone.localdate():%Y-%m-%d}.{ext}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(listing: Listing, qs: QuerySet) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows() -> Any:
        yield "\ufeff" + writer.writerow([str(c.header) for c in listing.columns])
        for obj in qs.iterator(chunk_size=500):
            yield writer.writerow([_safe(_cell(c.value(obj))) for c in listing.columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(listing, "csv")}"'
    return response


def _safe(value: Any) -> Any:
    """Stop a spreadsheet treating a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_xlsx(listing: Listing, qs: QuerySet) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(listing.title)[:31])
    ws.append([str(c.header) for c in listing.columns])
    for obj in qs.iterator(chunk_size=500):
        ws.append([_safe(_cell(c.value(obj))) for c in listing.columns])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(listing, "xlsx")}"'
    wb.save(response)
    return response
