"""Amazon Personalize's resource quotas, declared once by the names of its quotas page (limits.html, spec §10).

The operations ask the handle for the value in force (``store.quota(name)``), so a test raises an adjustable
one as Service Quotas would (``aws.quotas.set("personalize", "Active dataset groups", 50)``). AWS answers a
quota hit with LimitExceededException. Data-volume limits (interactions considered, bulk sizes) are not
counts of resources and stay where the data rules are.
"""

from __future__ import annotations

from ..core.control.quotas import Quota


def _running(things: str, default: int, *, adjustable: bool = True) -> Quota:
    """A Region's quota on ``things`` still being created (CREATE PENDING or CREATE IN_PROGRESS)."""
    return Quota(
        f"Pending or in-progress {things}",
        default,
        adjustable,
        f"{things.capitalize()} in CREATE PENDING or CREATE IN_PROGRESS per Region.",
    )


QUOTAS = (
    # per Region
    Quota("Active schemas", 500, adjustable=False, description="Schemas per Region."),
    Quota("Active dataset groups", 5, description="Dataset groups per Region."),
    _running("dataset import jobs", 5, adjustable=False),
    _running("batch inference jobs", 5),
    _running("batch segment jobs", 5, adjustable=False),
    _running("solution versions", 20),
    # per dataset group
    Quota("Active solutions per dataset group", 10, description="Solutions not being deleted."),
    Quota("Active campaigns per dataset group", 5, description="Campaigns not being deleted."),
    Quota("Recommenders per dataset group", 5, adjustable=False, description="Recommenders not being deleted."),
    Quota("Filters per dataset group", 30, description="Filters of one dataset group."),
    Quota(
        "Distinct dataset fields across all filters per dataset group",
        20,
        adjustable=False,
        description="Dataset fields the filters of one dataset group use together.",
    ),
    Quota("Pending data deletion jobs per dataset group", 5, description="Data deletion jobs in PENDING."),
    Quota(
        "Metric attributions per dataset group",
        1,
        adjustable=False,
        description="metric-attribution-requirements: one metric attribution per dataset group.",
    ),
    # per metric attribution
    Quota("Metrics per metric attribution", 10, adjustable=False, description="Metrics one metric attribution has."),
)
