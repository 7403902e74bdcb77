"""A card side's text held compactly: as the bytes its spans pickle to, and while a build runs, in a
temporary file instead of memory. A deck of thousands of cards then takes little more memory than a
deck of ten, in the main process and in every worker forked from it; the spans are made again when a
side is laid out, and the last few sides asked for are kept."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import OrderedDict

RECENT = 64  # sides kept unpacked per process: a few cards' worth, as layout asks for each side several times

_recent: OrderedDict[int, tuple["Packed", tuple]] = OrderedDict()


class Spool:
    """An unnamed temporary file that packed texts move to. Worker processes forked from this one read
    it through the descriptor they inherit (at an offset: they share the file's position)."""

    usable = hasattr(os, "pread")  # elsewhere (Windows) texts stay in memory

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.end = 0
        self.pending: list[bytes] = []  # appended, written in one go (a deck's cards arrive by the hundred)
        self.written = 0

    def append(self, data: bytes) -> tuple[int, int]:
        at = self.end
        self.pending.append(data)
        self.end += len(data)
        if self.end - self.written > 1 << 20:
            self.flush()
        return at, len(data)

    def flush(self) -> None:
        if self.pending:
            os.pwrite(self.file.fileno(), b"".join(self.pending), self.written)
            self.pending, self.written = [], self.end

    def read(self, at: int, length: int) -> bytes:
        self.flush()
        return os.pread(self.file.fileno(), length, at)


class Packed:
    """Blocks of spans (a side's bullets or paragraphs), packed. Equal when their blocks are equal.
    Pickles as its bytes, wherever they are kept, so it can be cached and sent to any process."""

    __slots__ = ("_data", "_spool", "_at", "lengths")

    def __init__(self, data: bytes, lengths: tuple[int, ...]):
        self._data, self._spool, self._at = data, None, (0, 0)
        self.lengths = lengths  # characters per block: enough to estimate a side's height without unpacking

    @classmethod
    def of(cls, blocks: tuple) -> "Packed":
        packed = cls(pickle.dumps(blocks, protocol=5), tuple(sum(len(s.text) for s in b) for b in blocks))
        packed._remember(blocks)  # about to be asked for (its characters are counted as it is read)
        return packed

    def blocks(self) -> tuple:
        hit = _recent.get(id(self))
        if hit is not None and hit[0] is self:
            _recent.move_to_end(id(self))
            return hit[1]
        blocks = pickle.loads(self.data())
        self._remember(blocks)
        return blocks

    def _remember(self, blocks: tuple) -> None:
        _recent[id(self)] = (self, blocks)  # the entry keeps self alive, so its id is not reused meanwhile
        if len(_recent) > RECENT:
            _recent.popitem(last=False)

    def data(self) -> bytes:
        return self._data if self._spool is None else self._spool.read(*self._at)

    def move_to(self, spool: Spool) -> None:
        """Keep the bytes in `spool` from now on (the value stays the same)."""
        if self._spool is None:
            self._at = spool.append(self._data)
            self._spool, self._data = spool, b""

    def __reduce__(self):
        return Packed, (self.data(), self.lengths)

    def __eq__(self, other) -> bool:
        return isinstance(other, Packed) and (self is other or self.blocks() == other.blocks())

    def __hash__(self) -> int:
        return hash(self.blocks())

    def __repr__(self) -> str:
        return f"Packed({self.blocks()!r})"
