"""Configured audience model resource policies: parsing, hashing and the one question the mock asks them.

ml-behaviors: another account may start an audience generation job on a configured audience model when the
owner's resource policy allows ``cleanrooms-ml:StartAudienceGenerationJob`` on the model *and* on
``audience-generation-job/*`` in the owner's account. This module evaluates that much of IAM's grammar:
``Effect`` (an explicit Deny wins), ``Principal`` (``"*"``, ``{"AWS": ...}`` with account ids or
``arn:aws:iam::<account>:root`` / any IAM ARN of the account), ``Action`` / ``NotAction`` and ``Resource``
with ``*`` / ``?`` wildcards, and ``Condition`` on the key ``cleanrooms-ml:CollaborationId`` with
StringEquals / StringLike (and their ``IfExists`` forms). A statement with any other condition key never
applies: not documented how AWS would evaluate it here; we chose to never grant on a condition we cannot
check, so the mock is never more permissive than AWS.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Iterable
from typing import Any, Optional

START_JOB_ACTION = "cleanrooms-ml:StartAudienceGenerationJob"
COLLABORATION_KEY = "cleanrooms-ml:collaborationid"  # condition keys are case-insensitive


class PolicyError(ValueError):
    """The text is not a policy document the mock can read (becomes a ValidationException)."""


def policy_hash(text: str) -> str:
    """API_PutConfiguredAudienceModelPolicy's ``policyHash``: we use the sha256 hex digest of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_policy(text: str) -> list[dict[str, Any]]:
    """The statements of a policy document; ``PolicyError`` when it is not one."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise PolicyError(f"The policy is not valid JSON: {exc}")
    if not isinstance(document, dict) or "Statement" not in document:
        raise PolicyError("The policy must be a JSON object with a Statement.")
    statements = document["Statement"]
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list) or not statements:
        raise PolicyError("The policy's Statement must be an object or a non-empty list of objects.")
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError("Every policy statement needs an Effect of Allow or Deny.")
        if "Principal" not in statement or not ({"Action", "NotAction"} & statement.keys()):
            raise PolicyError("Every policy statement needs a Principal and an Action.")
        if "Resource" not in statement:
            raise PolicyError("Every policy statement needs a Resource.")
    return statements


def allows_start_job(
    text: Optional[str],
    *,
    caller_account: str,
    resources: Iterable[str],
    collaboration_id: Optional[str],
    partition: str = "aws",
) -> bool:
    """True when ``text`` allows ``caller_account`` to start a job on every one of ``resources``."""
    if not text:
        return False
    try:
        statements = parse_policy(text)
    except PolicyError:
        return False
    context = {COLLABORATION_KEY: collaboration_id}
    for resource in resources:
        matching = [
            s for s in statements
            if _principal_matches(s["Principal"], caller_account, partition)
            and _action_matches(s)
            and _any_matches(s["Resource"], resource)
            and _conditions_hold(s.get("Condition"), context)
        ]
        if not any(s["Effect"] == "Allow" for s in matching) or any(s["Effect"] == "Deny" for s in matching):
            return False
    return True


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _any_matches(patterns: Any, value: str, *, ignore_case: bool = False) -> bool:
    if ignore_case:
        value = value.lower()
    return any(
        fnmatch.fnmatchcase(value, pattern.lower() if ignore_case else pattern) for pattern in _as_list(patterns)
    )


def _action_matches(statement: dict[str, Any]) -> bool:
    if "NotAction" in statement:
        return not _any_matches(statement["NotAction"], START_JOB_ACTION, ignore_case=True)
    return _any_matches(statement["Action"], START_JOB_ACTION, ignore_case=True)


def _principal_matches(principal: Any, account: str, partition: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for entry in _as_list(principal.get("AWS")):
        if entry in ("*", account, f"arn:{partition}:iam::{account}:root"):
            return True
        if entry.startswith(f"arn:{partition}:iam::{account}:"):
            return True
    return False


def _conditions_hold(conditions: Any, context: dict[str, Optional[str]]) -> bool:
    if not conditions:
        return True
    if not isinstance(conditions, dict):
        return False
    for operator, tests in conditions.items():
        base = operator[: -len("IfExists")] if operator.endswith("IfExists") else operator
        if base not in ("StringEquals", "StringLike") or not isinstance(tests, dict):
            return False
        for key, expected in tests.items():
            if key.lower() not in context:
                return False
            actual = context[key.lower()]
            if actual is None:
                if operator.endswith("IfExists"):
                    continue
                return False
            values = _as_list(expected)
            ok = actual in values if base == "StringEquals" else _any_matches(values, actual)
            if not ok:
                return False
    return True
