"""The data side's List operations: pages and foreign tokens (Listing.respond)."""

from __future__ import annotations

import pytest

from ..support import client


def test_list_operations_page_and_reject_foreign_tokens(personalize_mock, group):
    pz = client()
    page = pz.list_datasets(datasetGroupArn=group, maxResults=2)
    rest = pz.list_datasets(datasetGroupArn=group, maxResults=2, nextToken=page["nextToken"])
    assert len(page["datasets"]) == 2 and len(rest["datasets"]) == 1 and "nextToken" not in rest
    for call in (
        pz.list_schemas,
        pz.list_event_trackers,
        pz.list_filters,
        pz.list_metric_attributions,
        pz.list_dataset_import_jobs,
        pz.list_dataset_export_jobs,
        pz.list_data_deletion_jobs,
    ):
        with pytest.raises(pz.exceptions.InvalidNextTokenException):
            call(nextToken=page["nextToken"])
