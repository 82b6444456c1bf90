"""Dataset import jobs (data/imports.py, data/csv_files.py)."""

from __future__ import annotations

import pytest

from ..support import (
    INTERACTIONS_CSV,
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    ROLE,
    USERS_SCHEMA,
    client,
    error_of,
    import_csv,
    make_dataset,
    new_group,
)


def test_import_failures_name_the_problem_and_keep_earlier_data(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    assert import_csv(pz, personalize_mock, interactions, INTERACTIONS_CSV, "good")["status"] == "ACTIVE"

    missing = import_csv(pz, personalize_mock, interactions, "USER_ID,EVENT_TYPE\nu1,click\n", "missing")
    assert missing["status"] == "CREATE FAILED"
    assert missing["failureReason"] == "Input CSV is missing the following columns: [ITEM_ID, TIMESTAMP]"

    bad_value = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,1,click\nu2,i2,yesterday,click\n"
    failed = import_csv(pz, personalize_mock, interactions, bad_value, "bad-value")
    assert failed["status"] == "CREATE FAILED"
    assert "yesterday" in failed["failureReason"] and "TIMESTAMP" in failed["failureReason"]
    assert "row 2" in failed["failureReason"]

    extra = import_csv(pz, personalize_mock, interactions, "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,X\n", "extra")
    assert extra["failureReason"] == "Input CSV has columns that are not in the schema: [X]"
    ragged = import_csv(pz, personalize_mock, interactions, "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1\n", "ragged")
    assert "row 1 has 2 values" in ragged["failureReason"]

    job = pz.create_dataset_import_job(
        jobName="nowhere", datasetArn=interactions, dataSource={"dataLocation": "s3://bucket/absent.csv"}, roleArn=ROLE
    )["datasetImportJobArn"]
    nowhere = pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]
    assert (nowhere["status"], nowhere["failureReason"]) == ("CREATE FAILED", "Invalid Data location.")

    assert len(personalize_store.datasets.get(interactions).rows) == 4  # the good import survived
    statuses = {
        j["jobName"]: j["status"] for j in pz.list_dataset_import_jobs(datasetArn=interactions)["datasetImportJobs"]
    }
    assert statuses["good"] == "ACTIVE" and statuses["missing"] == "CREATE FAILED"


def test_import_from_folder_missing_nullable_column_and_duplicates(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    data = personalize_mock.data
    data.put_object("s3://bucket/events/part-1.csv", "ITEM_ID,USER_ID,TIMESTAMP,EVENT_TYPE\ni1,u1,5,click\n")
    data.put_object(
        "s3://bucket/events/part-2.csv", "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,5,click\n\nu2,i2,6,buy\n"
    )
    data.put_object("s3://bucket/events/nested/ignored.csv", "garbage")
    job = pz.create_dataset_import_job(
        jobName="folder", datasetArn=interactions, dataSource={"dataLocation": "s3://bucket/events/"}, roleArn=ROLE
    )["datasetImportJobArn"]
    assert pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"] == "ACTIVE"
    # header order is free, EVENT_VALUE (nullable) may be absent, identical events are kept once
    assert personalize_store.datasets.get(interactions).rows == [
        ("u1", "i1", 5, "click", None),
        ("u2", "i2", 6, "buy", None),
    ]


def test_incremental_import_rules(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/x.csv", "ITEM_ID,GENRE,PRICE\ni1,comedy,1\n")
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_dataset_import_job(
            jobName="early",
            datasetArn=items,
            dataSource={"dataLocation": "s3://bucket/x.csv"},
            roleArn=ROLE,
            importMode="INCREMENTAL",
        )
    assert "FULL" in error_of(exc)[1]
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1\ni2,drama,2\ni1,comedy,1.25\n", "full")
    dataset = personalize_store.datasets.get(items)
    assert dataset.rows == [("i1", "comedy", 1.25), ("i2", "drama", 2.0)]  # same ID: the last record wins
    job = import_csv(
        pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni2,thriller,5\ni3,drama,3\n", "inc", "INCREMENTAL"
    )
    assert job["status"] == "ACTIVE" and job["importMode"] == "INCREMENTAL"
    assert dataset.rows == [("i1", "comedy", 1.25), ("i2", "thriller", 5.0), ("i3", "drama", 3.0)]
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni7,drama,7\n", "full-again")
    assert dataset.rows == [("i7", "drama", 7.0)]  # FULL replaces the bulk data


def test_interaction_minimum_is_documented_when_strict(personalize_mock):
    pz = client()
    group = new_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    personalize_mock.strict = True
    failed = import_csv(pz, personalize_mock, interactions, INTERACTIONS_CSV, "few")
    assert failed["status"] == "CREATE FAILED" and "at least 1000" in failed["failureReason"]
    rows = "".join(f"u{i % 50},i{i % 70},{1700000000 + i},click,\n" for i in range(1000))
    header = INTERACTIONS_CSV.splitlines()[0] + "\n"
    assert import_csv(pz, personalize_mock, interactions, header + rows, "enough")["status"] == "ACTIVE"
    personalize_mock.strict = False
    empty = import_csv(pz, personalize_mock, interactions, header, "empty")
    assert empty["failureReason"] == "Input CSV contains no records."


def test_pending_import_quota_and_active_dataset(personalize_mock):
    pz = client()
    group = new_group(pz)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/u.csv", "USER_ID,AGE\nu1,3\n")

    def start(name):
        return pz.create_dataset_import_job(
            jobName=name, datasetArn=users, dataSource={"dataLocation": "s3://bucket/u.csv"}, roleArn=ROLE
        )

    for index in range(5):
        start(f"j{index}")  # nobody reads them: all five stay CREATE PENDING
    with pytest.raises(pz.exceptions.LimitExceededException) as exc:
        start("j5")
    assert error_of(exc)[1] == "More than 5 resources with PENDING or IN_PROGRESS status."
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        start("j0")
    pz.list_dataset_import_jobs()
    start("j5")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_dataset_import_job(
            jobName="x", datasetArn=users + "x", dataSource={"dataLocation": "s3://bucket/u.csv"}, roleArn=ROLE
        )


def test_import_job_statuses_in_step_mode(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)
    pz.describe_dataset(datasetArn=users)  # ACTIVE before the lifecycle slows down
    personalize_mock.lifecycle = "step"
    job = import_csv(pz, personalize_mock, users, "USER_ID,AGE\nu1,3\n", "slow")
    assert job["status"] == "CREATE IN_PROGRESS"
    assert personalize_store.datasets.get(users).rows == []
    assert (
        pz.describe_dataset_import_job(datasetImportJobArn=job["datasetImportJobArn"])["datasetImportJob"]["status"]
        == "ACTIVE"
    )
    assert personalize_store.datasets.get(users).rows == [("u1", 3)]


@pytest.mark.parametrize("layout", ["plain", "quoted", "crlf", "blank lines"])
def test_every_csv_layout_stores_the_same_typed_rows(personalize_store, personalize_mock, layout):
    """A CSV without quoting is cut into columns by splits (csv_files._plain_lines); quoting and CR line ends
    go through csv.reader. Both store the same rows, blank lines skipped, nullable cells None."""
    pz = client()
    interactions = make_dataset(pz, new_group(pz), "Interactions", INTERACTIONS_SCHEMA)
    header = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE"
    lines = [header, "u1,i1,5,click,1.5", "u2,i2,7,view,", "u1,i1,5,click,1.5"]
    if layout == "quoted":
        lines[1] = '"u1","i1",5,"click",1.5'
    body = ("\r\n" if layout == "crlf" else "\n").join(lines) + "\n"
    if layout == "blank lines":
        body = body.replace("\nu2", "\n\nu2") + "\n"
    assert import_csv(pz, personalize_mock, interactions, body, "job")["status"] == "ACTIVE"
    stored = personalize_store.datasets.get(interactions).rows
    assert stored == [("u1", "i1", 5, "click", 1.5), ("u2", "i2", 7, "view", None)]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_bad_cell_or_an_uneven_row_fails_alike_whether_the_csv_is_quoted_or_not(personalize_mock, quoted):
    pz = client()
    interactions = make_dataset(pz, new_group(pz), "Interactions", INTERACTIONS_SCHEMA)
    first = '"u0",i0,1,click' if quoted else "u0,i0,1,click"
    header = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n"
    uneven = import_csv(pz, personalize_mock, interactions, f"{header}{first}\nu1,i1,2,click,extra\n", "uneven")
    assert uneven["failureReason"] == "Invalid input data: row 2 has 5 values; the header has 4 columns."
    bad = import_csv(pz, personalize_mock, interactions, f"{header}{first}\nu1,i1,2.5,click\n", "bad")
    assert bad["failureReason"].startswith('Invalid value "2.5" for field "TIMESTAMP": expected long')
    assert "(row 2)" in bad["failureReason"]
    empty_id = import_csv(pz, personalize_mock, interactions, f"{header}{first}\n,i1,2,click\n", "empty")
    assert 'for field "USER_ID"' in empty_id["failureReason"] and "(row 2)" in empty_id["failureReason"]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_repeated_id_is_stored_once_however_often_it_occurs(personalize_store, personalize_mock, quoted):
    """csv_files keeps one copy of each distinct string of an import (most of what stored rows weigh)."""
    pz = client()
    interactions = make_dataset(pz, new_group(pz), "Interactions", INTERACTIONS_SCHEMA)
    lines = ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE", "u1,i1,5,click,", "u2,i1,6,click,", "u1,i2,7,view,"]
    if quoted:
        lines[1] = '"u1","i1",5,"click",'
    assert import_csv(pz, personalize_mock, interactions, "\n".join(lines) + "\n", "job")["status"] == "ACTIVE"
    first, second, third = personalize_store.datasets.get(interactions).rows
    assert (first[0], second[1], third[0]) == ("u1", "i1", "u1")
    assert first[0] is third[0] and first[1] is second[1] and first[3] is second[3]


def test_a_column_of_few_distinct_numbers_is_parsed_once_per_number_and_still_names_a_bad_row(
    personalize_store, personalize_mock
):
    """csv_files parses a repetitive numeric column once per distinct cell (its rows share the numbers);
    a cell that does not parse still fails the import with its row."""
    pz = client()
    interactions = make_dataset(pz, new_group(pz), "Interactions", INTERACTIONS_SCHEMA)
    header = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE"
    cells = ["1.5", "2.5", ""]
    lines = [header] + [f"u{n % 7},i{n % 5},{n % 9},click,{cells[n % 3]}" for n in range(3000)]
    assert import_csv(pz, personalize_mock, interactions, "\n".join(lines) + "\n", "good")["status"] == "ACTIVE"
    rows = personalize_store.datasets.get(interactions).rows
    assert len(rows) == len(set(lines[1:]))  # identical events (same timestamp) kept once
    assert [row[4] for row in rows[:3]] == [1.5, 2.5, None] and rows[0][4] is rows[3][4]
    assert rows[1][2] == 1 and rows[1][2] is rows[10][2]
    lines[1500] = lines[1500].rsplit(",", 1)[0] + ",abc"
    bad = import_csv(pz, personalize_mock, interactions, "\n".join(lines) + "\n", "bad")
    assert bad["failureReason"].startswith('Invalid value "abc" for field "EVENT_VALUE"')
    assert "(row 1500)" in bad["failureReason"]
