"""``aws.snapshot(path)`` / ``aws.restore(path)``: the whole state of the mock as versioned JSON.

    with mock_all() as aws:
        ...                                  # build the state a test needs once
        aws.snapshot("state.json")
    with mock_all() as aws:                  # later, in this process or another
        aws.restore("state.json")            # every resource, row, object and setting as it was

What a snapshot holds: every store of every service in every account and Region (all their tables, so every
resource with its tags, rows, trained model and pending work), the state services share across a Region's
accounts (Clean Rooms collaborations and memberships), what services added to the handle, the in-memory
data layer (S3 objects and Glue tables seeded through ``aws.data``), the creation sequence, the lifecycle
settings, the quota values set, and the strict switch. It is written by ``core.control.codec``, so a
resource is saved field by field and comes back as it was: a trained model keeps its arrays rather than
being trained again, and work still pending (a solution version in ``CREATE IN_PROGRESS``) runs when its
lifecycle completes after the restore.

Lifecycles are kept relative to the clock: a lifecycle still moving is as far into its phase after the
restore as it was when saved (its phase starts as long before the restore as it had started before the
snapshot), so ``timed`` mode goes on where it stood; finished ones keep their timestamps.

Not in a snapshot: S3 objects and Glue tables that live in moto's ``mock_aws`` (moto owns them; snapshot
moto's state with moto), faults, the call journal, and the rate-limit buckets.

The document is ``{"format": "cleanroom_mock.snapshot", "version": 1, "library": ..., "taken_at": ...,
"state": ...}``. A snapshot of another format version fails with a message naming both versions; one taken
by another library version loads when its classes still fit, and otherwise fails naming the version that
wrote it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import TYPE_CHECKING, Any, Union

from .. import clock
from ..lifecycle import Lifecycle
from .codec import CodecError, Decoder, Encoder

if TYPE_CHECKING:
    from ..state import MockHandle

FORMAT = "cleanroom_mock.snapshot"
VERSION = 1
Path = Union[str, "os.PathLike[str]"]


class SnapshotError(Exception):
    """A snapshot that cannot be written or read, with the reason."""


def _library_version() -> str:
    from ... import __version__

    return __version__


def document(handle: MockHandle) -> dict[str, Any]:
    """The handle's whole state as a snapshot document (what ``save`` writes)."""
    with handle.lock:
        try:
            state = Encoder(handle.snapshot_externals()).encode(handle.snapshot_state())
        except CodecError as error:
            raise SnapshotError(f"cannot snapshot the mock's state: {error}") from None
        return {
            "format": FORMAT,
            "version": VERSION,
            "library": _library_version(),
            "taken_at": clock.now().isoformat(),
            "state": state,
        }


def save(handle: MockHandle, path: Path) -> None:
    """Write the handle's whole state to ``path`` as JSON."""
    saved = document(handle)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(saved, file, separators=(",", ":"))


def restore(handle: MockHandle, path: Path) -> None:
    """Replace the handle's state by the snapshot at ``path``."""
    with open(path, encoding="utf-8") as file:
        try:
            saved = json.load(file)
        except ValueError as error:
            raise SnapshotError(f"{os.fspath(path)} is not a cleanroom_mock snapshot (not JSON: {error})") from None
    load(handle, saved, os.fspath(path))


def load(handle: MockHandle, saved: Any, source: str = "the snapshot") -> None:
    """Replace the handle's state by the snapshot document ``saved`` (``source`` names it in errors)."""
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        raise SnapshotError(f'{source} is not a cleanroom_mock snapshot (no "format": "{FORMAT}")')
    version, library = saved.get("version"), saved.get("library", "unknown")
    if version != VERSION:
        raise SnapshotError(
            f"{source} is a snapshot of format version {version} (written by cleanroom_mock {library}); "
            f"cleanroom_mock {_library_version()} reads format version {VERSION} only. Take the snapshot again "
            f"with this version."
        )
    with handle.lock:
        decoder = Decoder(handle.snapshot_externals())
        try:
            state = decoder.decode(saved["state"])
            taken_at = _dt.datetime.fromisoformat(saved["taken_at"])
        except (CodecError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise SnapshotError(
                f"cannot restore {source} (written by cleanroom_mock {library}, this is {_library_version()}): {error}"
            ) from None
        shift = clock.now() - taken_at
        for found in decoder.objects():
            if isinstance(found, Lifecycle) and not found.finished:
                found.started_at += shift
        handle.restore_state(state)
