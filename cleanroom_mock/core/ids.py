"""Resource identifiers in the forms AWS shows."""

from __future__ import annotations

import secrets
import string
import uuid

_ALPHANUMERIC = string.ascii_letters + string.digits


def alphanumeric_id(length: int = 22) -> str:
    """Clean Rooms ML IDs look like ``fR8doOMxlv5q5HD5qB0f68`` (22 alphanumerics, CloudFormation examples)."""
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


def hex_id(length: int = 12) -> str:
    return secrets.token_hex((length + 1) // 2)[:length]


def uuid_id() -> str:
    return str(uuid.uuid4())
