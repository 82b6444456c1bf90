"""Rules and listing conventions every Clean Rooms ML operation group shares.

- every ``roleArn`` must be a role of the caller's own account (API_CreateTrainingDataset and the other
  operations taking a role);
- the ``tags`` of a Create/Start call follow the tag rules of API_TagResource;
- List operations page in creation order with the model's maximum page size as the default; items kept
  outside a table (versions, export jobs) or gathered from several members' stores are read as a List
  reads them (``advance_all``, ``reading_view``);
- asynchronous work that fails keeps its reason as ``statusDetails`` (``fail``; API_StatusDetails documents
  no codes, so they are ours).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional, Protocol, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from ..core.arns import parse_arn
from ..core.lifecycle import LifecycleSettings
from ..core.pagination import Listing
from ..core.tags import merged_tags
from .errors import TAG_RULES, access_denied

# What moto's Glue/S3 raise when they refuse for a reason the data layer does not translate (aws.data).
AWS_REFUSALS: tuple[type[Exception], ...] = (ClientError, BotoCoreError)
# Not documented by AWS (spec §6); we chose the model's maximum maxResults so a plain List shows everything
# a small account holds, while larger ones still exercise nextToken.
LISTING = Listing("cleanroomsml", default_page_size=100,
                  invalid_token_error=("ValidationException", "The nextToken is not valid for this request."))


def check_role_account(role_arn: str, account_id: str) -> None:
    """API_CreateTrainingDataset (and every other roleArn): passing a role from another account is denied."""
    if arn_account(role_arn) != account_id:
        raise access_denied(
            f"The role {role_arn} does not belong to the caller's account {account_id}; "
            "Clean Rooms ML only accepts roles from the caller's own account."
        )


def arn_account(arn: str) -> str:
    """The account inside ``arn`` ("" when it is not an ARN)."""
    parsed = parse_arn(arn)
    return parsed.account if parsed is not None else ""


def status_details(code: str, message: str) -> dict[str, str]:
    return {"statusCode": code, "message": message}


class Failing(Protocol):
    status_details: Optional[dict[str, str]]


def fail(work: Failing, code: str, message: str) -> str:
    """A lifecycle completion that failed: keep the reason as ``statusDetails`` and hand it to the lifecycle
    (which lands in its failed status). The codes are ours: AWS documents none (API_StatusDetails)."""
    work.status_details = status_details(code, message)
    return message


def write_output(work: Failing, put: Callable[[str, Any], None], uri: str, body: Any) -> Optional[str]:
    """A job's output write: the failure reason when S3 refuses it (a bucket nobody created: moto's S3, AWS's,
    and the in-memory store under ``strict``), else None."""
    from ..core.data import DataError

    try:
        put(uri, body)
    except DataError as exc:
        return fail(work, "OUTPUT_LOCATION_NOT_FOUND", f"Cannot write {uri}: {exc.message}")
    except AWS_REFUSALS as exc:  # moto's S3 refusing for another reason
        return fail(work, "EXPORT_FAILED", f"Cannot write {uri}: {exc}")
    return None


def new_tags(tags: Optional[dict[str, str]]) -> dict[str, str]:
    """The ``tags`` of a Create/Start call, checked against the tag rules (API_TagResource)."""
    return merged_tags({}, tags or {}, TAG_RULES)


class Advancing(Protocol):
    def advance(self, settings: LifecycleSettings | None) -> None: ...


R = TypeVar("R", bound=Advancing)


def advance_all(items: list[R], settings: LifecycleSettings | None) -> list[R]:
    """Move on resources kept outside any table (versions, export jobs) as a List reads them."""
    for item in items:
        item.advance(settings)
    return items


def reading_view(settings: LifecycleSettings | None) -> Callable[[Any], dict[str, Any]]:
    """The ``view`` of a List over items from several stores (Collaboration lists): each item of the page is
    read as a List reads it, then rendered."""

    def view(resource: Any) -> dict[str, Any]:
        resource.advance(settings)
        return resource.view()

    return view
