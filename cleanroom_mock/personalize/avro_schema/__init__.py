"""Parse and check Amazon Personalize dataset schemas (Avro record schemas given to CreateSchema).

Personalize accepts only a small, flat subset of Avro and adds its own rules per dataset type
(required fields, reserved keywords, metadata caps). Real AWS rejects bad schemas synchronously,
so a faithful mock must too; the same parsed schema then drives CSV import (``converter_for``)
and filter validation (``filter_expression``).

Sources (cited per rule below):
- how-it-works-dataset-schema: https://docs.aws.amazon.com/personalize/latest/dg/how-it-works-dataset-schema.html
- custom-datasets-and-schemas: https://docs.aws.amazon.com/personalize/latest/dg/custom-datasets-and-schemas.html
- ECOMMERCE-datasets-and-schemas / VIDEO-ON-DEMAND-datasets-and-schemas (domain tables)
- limits: https://docs.aws.amazon.com/personalize/latest/dg/limits.html
- updating-dataset-schema: https://docs.aws.amazon.com/personalize/latest/dg/updating-dataset-schema.html
"""

from __future__ import annotations

from .converters import coerce_value, converter_for
from .dataset_rules import check_schema_for_dataset, check_schema_update
from .defaults import DOMAIN_DEFAULT_SCHEMAS, SCHEMA_VOCABULARY
from .fields import DATASET_TYPES, DOMAINS, ParsedSchema, SchemaError, SchemaField, canonical_dataset_type
from .parsing import parse_schema

__all__ = [
    "DATASET_TYPES",
    "DOMAIN_DEFAULT_SCHEMAS",
    "SCHEMA_VOCABULARY",
    "DOMAINS",
    "ParsedSchema",
    "SchemaError",
    "SchemaField",
    "canonical_dataset_type",
    "check_schema_for_dataset",
    "check_schema_update",
    "coerce_value",
    "converter_for",
    "parse_schema",
]
