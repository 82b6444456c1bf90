"""Schemas: CreateSchema, DescribeSchema, ListSchemas, DeleteSchema (the Avro rules live in ``avro_schema``)."""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..avro_schema import SchemaError, parse_schema
from ..errors import in_use, invalid
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .resources import DatasetSchema

# limits: "Active schemas" 500 per region.


class SchemaOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateSchema")
    def create_schema(self, name: str, schema: str, domain: Optional[str] = None) -> dict[str, Any]:
        try:
            parse_schema(schema, domain)
        except SchemaError as exc:
            raise invalid(exc.message)
        schemas = self.store.schemas
        arn = self.store.new_arn(schemas, f"schema/{name}")
        self.store.within_quota("Active schemas", len(schemas), "More than {limit} schemas in this region.")
        schemas.add(DatasetSchema.keeping(schema, arn=arn, name=name, domain=domain))
        return {"schemaArn": arn}

    describe_schema = describe_operation("DescribeSchema", lambda store: store.schemas)

    list_schemas = list_operation("ListSchemas", lambda store: store.schemas)

    @operation("DeleteSchema")
    def delete_schema(self, schema_arn: str) -> dict[str, Any]:
        self.store.schemas.read(schema_arn)
        # API_DeleteSchema: a schema used by a dataset cannot be deleted (a pending update uses it too).
        for dataset in self.store.datasets.where(lambda d: d.uses_schema(schema_arn)):
            raise in_use(f"Schema {schema_arn} is used by dataset {dataset.arn}. Delete the dataset first.")
        self.store.schemas.remove(schema_arn)
        return {}
