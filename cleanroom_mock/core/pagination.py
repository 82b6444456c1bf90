"""List pagination: ``maxResults`` / ``nextToken`` with opaque tokens, as every List operation uses them.

A token names the last item returned (its sort key), not an offset, so deleting items between pages never
skips or repeats one; it also carries a digest of the request's filters, so a token cannot be replayed
against a different listing (moto's paginator idea). A token we did not issue, or issued for another
listing, is the service's invalid-token error.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Optional, TypedDict, TypeVar

from .errors import ServiceError
from .protocol.models import listed_members
from .resources import ResourceTable

T = TypeVar("T")


class Page(TypedDict, total=False):
    """The paging members every List operation takes (``nextToken``, ``maxResults``), as a List method's
    ``**page: Unpack[Page]`` that it hands on to ``Listing.respond(..., **page)``."""

    next_token: Optional[str]
    max_results: Optional[int]


def paginate(
    items: Sequence[T],
    *,
    sort_key: Callable[[T], Any],
    next_token: str | None,
    max_results: int | None,
    default_page_size: int,
    filters: Mapping[str, Any],
    invalid_token_error: tuple[str, str],
) -> tuple[list[T], str | None]:
    """One page of ``items`` (ordered by ``sort_key``) and the token for the next page, if any."""
    ordered = sorted(items, key=sort_key)
    digest = _digest(filters)
    start = 0
    if next_token:
        after = _read_token(next_token, digest, invalid_token_error)
        start = next((index for index, item in enumerate(ordered) if _comparable(sort_key(item)) > after), len(ordered))
    size = max_results or default_page_size
    page = ordered[start : start + size]
    more = start + size < len(ordered)
    token = _make_token(_comparable(sort_key(page[-1])), digest) if more and page else None
    return page, token


def _comparable(key: Any) -> Any:
    return list(key) if isinstance(key, tuple) else key


def _digest(filters: Mapping[str, Any]) -> str:
    text = json.dumps({k: v for k, v in filters.items() if v is not None}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _make_token(after: Any, digest: str) -> str:
    raw = json.dumps({"after": after, "for": digest}, default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_token(token: str, digest: str, error: tuple[str, str]) -> Any:
    code, message = error
    try:
        padded = token + "=" * (-len(token) % 4)
        content = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if content["for"] != digest:
            raise ValueError("token issued for another listing")
        return content["after"]
    except (ValueError, KeyError, TypeError):
        raise ServiceError(code, message)


class Listing:
    """A service's List conventions, so every List operation pages its resources the same way.

    Resources list in creation order (``seq``), or newest first where AWS documents it (e.g. Personalize's
    ListDataDeletionJobs); ``default_page_size`` applies when the caller sends no ``maxResults``.

    ``respond`` is the one call a List operation makes: it pages a table (or a ready list), reads each
    resource of the page as a List reads it, renders it, and sets ``nextToken``.
    """

    def __init__(self, service: str, default_page_size: int, invalid_token_error: tuple[str, str]) -> None:
        self.service = service
        self.default_page_size = default_page_size
        self.invalid_token_error = invalid_token_error

    def page(
        self,
        resources: Sequence[Any],
        next_token: str | None,
        max_results: int | None,
        filters: Mapping[str, Any],
        *,
        newest_first: bool = False,
    ) -> tuple[list[Any], str | None]:
        return paginate(
            resources,
            sort_key=(lambda resource: -resource.seq) if newest_first else (lambda resource: resource.seq),
            next_token=next_token,
            max_results=max_results,
            default_page_size=self.default_page_size,
            filters=filters,
            invalid_token_error=self.invalid_token_error,
        )

    def respond(
        self,
        key: str,
        source: ResourceTable[Any] | Sequence[Any],
        *,
        next_token: str | None = None,
        max_results: int | None = None,
        filters: Mapping[str, Any] | None = None,
        where: Callable[[Any], bool] | None = None,
        view: Callable[[Any], Any] | None = None,
        newest_first: bool = False,
        read_first: bool = False,
    ) -> dict[str, Any]:
        """The output of a List operation: ``{key: [views of one page], "nextToken": ...}``.

        ``source`` is a table (its resources matching ``where`` are paged as they stand, then only the
        page is read, so listing costs no reads of resources on other pages) or a sequence of items with a
        ``seq``. ``filters`` are the request's filter members: a token only works for the same filters.
        ``view`` renders an item (default: the resource's own ``view()``). ``read_first``: every resource of
        the table is read before paging, so one whose deletion completes on this read leaves no gap in the page
        (full pages, at the cost of reading every resource). Without ``view``, a resource renders only the
        members the model's items under ``key`` have (``Resource.summary``; ``protocol.models.listed_members``).
        """
        size = max_results or self.default_page_size
        if read_first and isinstance(source, ResourceTable):
            source = source.read_all()
        if isinstance(source, ResourceTable):
            digest = _digest(filters or {})
            after = _read_token(next_token, digest, self.invalid_token_error) if next_token else None
            if after is not None and (isinstance(after, bool) or not isinstance(after, int)):
                raise ServiceError(*self.invalid_token_error)
            found, more = source.page(after, size, where, newest_first=newest_first)
            token = _make_token(found[-1].seq, digest) if more and found else None
            page = [resource for resource in found if source.observe(resource)]
        else:
            candidates = [item for item in source if where is None or where(item)]
            page, token = self.page(candidates, next_token, max_results, filters or {}, newest_first=newest_first)
        members = listed_members(self.service, key)
        render = view or (_own_view if members is None else partial(_summary, members=members))
        result: dict[str, Any] = {key: [render(item) for item in page]}
        if token:
            result["nextToken"] = token
        return result


def _own_view(resource: Any) -> Any:
    return resource.view()


def _summary(resource: Any, members: frozenset[str]) -> Any:
    summary = getattr(resource, "summary", None)  # an item of a ready list may be no Resource
    return resource.view() if summary is None else summary(members)
