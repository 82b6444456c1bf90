"""Dataset export jobs (data/exports.py)."""

from __future__ import annotations

from ..support import ITEMS_SCHEMA, ROLE, client, import_csv, make_dataset, new_group


def test_export_modes_follow_where_rows_came_from(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1.5\n", "items-1")
    dataset = personalize_store.datasets.get(items)
    dataset.put_records([{"ITEM_ID": "i9", "GENRE": "horror", "PRICE": 3.0}])

    def export(name, mode=None):
        extra = {"ingestionMode": mode} if mode else {}
        pz.create_dataset_export_job(
            jobName=name, datasetArn=items, roleArn=ROLE, jobOutput={"s3DataDestination": {"path": "s3://out"}}, **extra
        )
        pz.list_dataset_export_jobs(datasetArn=items)  # a read completes the jobs
        return personalize_mock.data.get_text(f"s3://out/{name}/{name}_part_00000.csv").splitlines()

    assert export("default") == ["ITEM_ID,GENRE,PRICE", "i9,horror,3.0"]  # API default: PUT
    assert export("bulk", "BULK") == ["ITEM_ID,GENRE,PRICE", "i1,comedy,1.5"]
    assert export("all", "ALL") == ["ITEM_ID,GENRE,PRICE", "i1,comedy,1.5", "i9,horror,3.0"]
