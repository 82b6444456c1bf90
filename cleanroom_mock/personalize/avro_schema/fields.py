"""What a parsed schema is: its fields and their flags, the dataset types and domains, the error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# Canonical spellings; CreateDataset's datasetType is case-insensitive (API_CreateDataset).
DATASET_TYPES: tuple[str, ...] = ("Interactions", "Items", "Users", "Actions", "Action_Interactions")
DOMAINS: tuple[str, ...] = ("ECOMMERCE", "VIDEO_ON_DEMAND")
_NUMERIC_TYPES = frozenset({"float", "double", "int", "long"})




class SchemaError(Exception):
    """A schema (or a value checked against one) breaks a Personalize rule.

    The service layer raises it as InvalidInputException; ``message`` is the text sent back.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SchemaField:
    """One column of a Personalize schema, reduced to what the mock needs to know."""

    name: str
    types: tuple[str, ...]  # as declared, e.g. ("string",) or ("null", "float")
    nullable: bool
    categorical: bool
    textual: bool

    @property
    def primitive(self) -> str:
        """The non-null type: what a cell's value converts to."""
        return next(t for t in self.types if t != "null")

    @property
    def is_numeric(self) -> bool:
        return self.primitive in _NUMERIC_TYPES


@dataclass(frozen=True)
class ParsedSchema:
    """A validated Personalize schema: record name plus its flat list of fields, in CSV column order."""

    record_name: str
    fields: tuple[SchemaField, ...]

    def field(self, name: str) -> Optional[SchemaField]:
        """The field called exactly ``name``, or None (Avro names are case-sensitive)."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def dataset_type(self) -> Optional[str]:
        """The dataset type the record name designates, or None if it names none."""
        return canonical_dataset_type(self.record_name)


def canonical_dataset_type(name: str) -> Optional[str]:
    """Map a dataset type written in any case to its canonical spelling, or None."""
    lowered = name.lower()
    for dataset_type in DATASET_TYPES:
        if dataset_type.lower() == lowered:
            return dataset_type
    return None
