"""Tagging Personalize's data resources (core TagOperations over the store's taggable tables)."""

from __future__ import annotations

import pytest

from ..support import USERS_SCHEMA, client, error_of, make_schema


def test_tags_on_every_taggable_data_resource(personalize_store, personalize_mock, group):
    pz = client()
    dataset = pz.list_datasets(datasetGroupArn=group)["datasets"][0]["datasetArn"]
    pz.tag_resource(resourceArn=group, tags=[{"tagKey": "env", "tagValue": "test"}, {"tagKey": "a", "tagValue": "1"}])
    pz.tag_resource(resourceArn=group, tags=[{"tagKey": "a", "tagValue": "2"}])
    assert pz.list_tags_for_resource(resourceArn=group)["tags"] == [
        {"tagKey": "env", "tagValue": "test"},
        {"tagKey": "a", "tagValue": "2"},
    ]
    pz.untag_resource(resourceArn=group, tagKeys=["env", "never-set"])
    assert pz.list_tags_for_resource(resourceArn=group)["tags"] == [{"tagKey": "a", "tagValue": "2"}]
    pz.tag_resource(resourceArn=dataset, tags=[{"tagKey": "k", "tagValue": "v"}])
    assert pz.list_tags_for_resource(resourceArn=dataset)["tags"] == [{"tagKey": "k", "tagValue": "v"}]
    filter_arn = pz.create_filter(
        name="f",
        datasetGroupArn=group,
        filterExpression="INCLUDE ItemID WHERE Items.PRICE > 1",
        tags=[{"tagKey": "owner", "tagValue": "me"}],
    )["filterArn"]
    assert pz.list_tags_for_resource(resourceArn=filter_arn)["tags"] == [{"tagKey": "owner", "tagValue": "me"}]
    store = personalize_store
    data_tables = [store.dataset_groups, store.schemas, store.datasets, store.import_jobs, store.export_jobs,
                   store.deletion_jobs, store.event_trackers, store.filters, store.metric_attributions]
    assert len([t for t in data_tables if any(t is taggable for taggable in store.taggable_tables())]) == 7


def test_tag_rules(personalize_mock, group):
    pz = client()
    fifty = [{"tagKey": f"k{i}", "tagValue": "v"} for i in range(50)]
    pz.tag_resource(resourceArn=group, tags=fifty)
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.tag_resource(resourceArn=group, tags=[{"tagKey": "one-more", "tagValue": "v"}])
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.create_dataset_group(name="tagged", tags=fifty + [{"tagKey": "x", "tagValue": "y"}])
    with pytest.raises(pz.exceptions.TooManyTagKeysException):
        pz.untag_resource(resourceArn=group, tagKeys=[f"k{i}" for i in range(51)])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.tag_resource(resourceArn=group, tags=[{"tagKey": "aws:reserved", "tagValue": "v"}])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.tag_resource(resourceArn=group, tags=[{"tagKey": "k", "tagValue": "aws:reserved"}])
    with pytest.raises(pz.exceptions.ResourceNotFoundException) as exc:
        pz.list_tags_for_resource(resourceArn=group + "x")
    assert error_of(exc)[1] == f"Resource Arn {group}x does not exist."
    schema = make_schema(pz, "lonely", USERS_SCHEMA)
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.tag_resource(resourceArn=schema, tags=[{"tagKey": "k", "tagValue": "v"}])
