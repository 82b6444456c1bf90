"""Amazon Personalize's resource quotas, declared once by the names of its quotas page (limits.html, spec §10).

The operations ask the handle for the value in force (``store.quota(name)``), so a test raises an adjustable
one as Service Quotas would (``aws.quotas.set("personalize", "Active dataset groups", 50)``). AWS answers a
quota hit with LimitExceededException. Data-volume limits (interactions considered, bulk sizes) are not
counts of resources and stay where the data rules are.
"""

from __future__ import annotations

from ..core.control.quotas import Quota

QUOTAS = (
    Quota("Active schemas", 500, adjustable=False, description="Schemas per Region."),
    Quota("Active dataset groups", 5, description="Dataset groups per Region."),
    Quota("Pending or in-progress dataset import jobs", 5, adjustable=False,
          description="Dataset import jobs in CREATE PENDING or CREATE IN_PROGRESS per Region."),
    Quota("Pending or in-progress batch inference jobs", 5,
          description="Batch inference jobs in CREATE PENDING or CREATE IN_PROGRESS per Region."),
    Quota("Pending or in-progress batch segment jobs", 5, adjustable=False,
          description="Batch segment jobs in CREATE PENDING or CREATE IN_PROGRESS per Region."),
    Quota("Pending or in-progress solution versions", 20,
          description="Solution versions in CREATE PENDING or CREATE IN_PROGRESS per Region."),
    Quota("Active solutions per dataset group", 10, description="Solutions not being deleted, per dataset group."),
    Quota("Active campaigns per dataset group", 5, description="Campaigns not being deleted, per dataset group."),
    Quota("Recommenders per dataset group", 5, adjustable=False,
          description="Recommenders not being deleted, per dataset group."),
    Quota("Filters per dataset group", 30, description="Filters per dataset group."),
    Quota("Distinct dataset fields across all filters per dataset group", 20, adjustable=False,
          description="Dataset fields the filters of one dataset group use together."),
    Quota("Pending data deletion jobs per dataset group", 5,
          description="Data deletion jobs in PENDING per dataset group."),
    Quota("Metric attributions per dataset group", 1, adjustable=False,
          description="metric-attribution-requirements: one metric attribution per dataset group."),
    Quota("Metrics per metric attribution", 10, adjustable=False, description="Metrics one metric attribution has."),
)
