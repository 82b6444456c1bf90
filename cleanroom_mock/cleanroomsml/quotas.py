"""Clean Rooms ML's resource quotas, declared once by the names of clean-rooms-ml-quotas (spec §8).

The operations ask the handle for the value in force, so a test raises an adjustable one as Service Quotas
would (``aws.quotas.set("cleanroomsml", "Pending or in-progress audience models", 5)``). A hit answers
ServiceQuotaExceededException (402) with ``quotaName`` (the name here) and ``quotaValue`` (the value in force).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.control.quotas import Quota
from .errors import quota_exceeded

if TYPE_CHECKING:
    from ..core.store import Store

QUOTAS = (
    Quota("Active audience models", 500, adjustable=False, description="Audience models not being deleted."),
    Quota("Pending or in-progress audience models", 2, description="Audience models still training, per account."),
    Quota("Configured audience models", 10_000, adjustable=False, description="Configured audience models."),
    Quota(
        "Pending or in-progress audience generation jobs",
        10,
        description="Generation jobs an account started that are still running.",
    ),
    Quota(
        "Pending or in-progress audience export jobs",
        20,
        adjustable=False,
        description="Audience export jobs still running, per account.",
    ),
    Quota(
        "Audience export jobs per audience generation job",
        25,
        adjustable=False,
        description="Export jobs (not failed) of one audience generation job.",
    ),
    Quota("Active configured model algorithms", 1_000, description="Configured model algorithms."),
    Quota(
        "Active configured model algorithm associations",
        1_000,
        description="Configured model algorithm associations per membership.",
    ),
    Quota("Active ML input channels per membership", 100, description="ML input channels not inactive or failed."),
    Quota(
        "Pending or in-progress training jobs per membership",
        5,
        description="Trained model versions still training in one membership.",
    ),
    Quota(
        "Pending or in-progress training jobs per account",
        10,
        description="Trained model versions still training in the account.",
    ),
    Quota("Active training instances per account", 10, description="Instances of the training jobs running."),
    Quota("Active or pending versions per trained model", 100, description="Versions of one trained model."),
    Quota(
        "Pending or in-progress inference jobs per membership",
        5,
        description="Trained model inference jobs still running in one membership.",
    ),
    Quota(
        "Pending or in-progress inference jobs per account",
        10,
        description="Trained model inference jobs still running in the account.",
    ),
)


def check_quota(store: Store, name: str, count: int) -> None:
    """ServiceQuotaExceededException when one more would pass quota ``name`` (``count`` exist now)."""
    store.check_quota(name, count, lambda quota, limit: quota_exceeded(quota, limit)())
