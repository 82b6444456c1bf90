"""Documents kept deflated: a stored text that mostly repeats a known vocabulary costs a tenth of its size.

Some members are documents a resource keeps verbatim for years of calls but reads rarely: a Personalize
schema's Avro JSON, say. Kept as ``str`` each costs its full length; deflated with a preset dictionary of
the words such documents are made of (zlib's ``zdict``), a 290-character schema keeps 18 bytes, and
inflating it back on a read takes about a microsecond. The text a call returns is byte for byte the one
stored; nothing is normalised.

A vocabulary has a number, written as the first byte of what it deflated, so a document deflated with one
vocabulary is never inflated with another (a snapshot keeps the deflated bytes). A vocabulary is never
edited once released: a new one takes a new number.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Union

Stored = Union[str, bytes]  # the text itself when deflating would not make it smaller


@dataclass(frozen=True)
class Vocabulary:
    """The words documents of one kind are made of, most frequent last (zlib reaches those cheapest)."""

    number: int
    words: bytes

    def deflate(self, text: str) -> Stored:
        """``text`` as it is best kept: its deflated bytes, or the text where those are not smaller."""
        packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, self.words)
        packed = bytes((self.number,)) + packer.compress(text.encode("utf-8")) + packer.flush()
        return packed if len(packed) < len(text) else text

    def inflate(self, stored: Stored) -> str:
        """The text ``deflate`` kept."""
        if isinstance(stored, str):
            return stored
        if not stored or stored[0] != self.number:
            raise ValueError(f"not deflated with vocabulary {self.number}")
        return zlib.decompressobj(-15, self.words).decompress(stored[1:]).decode("utf-8")
