"""A card side's text held compactly: as the bytes its spans pickle to, and while a build runs, in a
temporary file instead of memory (the spool); a large deck's cards wait there too (Shelf). A deck of
thousands of cards then takes little more memory than a deck of ten, in the main process and in every
worker forked from it; the spans are made again when a side is laid out, and the last few sides and
cards asked for are kept."""

from __future__ import annotations

import io
import itertools
import os
import pickle
import tempfile
import weakref
from array import array
from collections import OrderedDict

RECENT = 64  # sides kept unpacked per process: a few cards' worth, as layout asks for each side several times

_recent: OrderedDict[int, tuple["Packed", tuple]] = OrderedDict()


class Spool:
    """An unnamed temporary file that packed texts move to. Worker processes forked from this one read
    it through the descriptor they inherit (at an offset: they share the file's position)."""

    usable = hasattr(os, "pread")  # elsewhere (Windows) texts stay in memory

    def __init__(self):
        self.token = next(_tokens)  # what a shelved card's texts name their spool by
        _spools[self.token] = self
        self.file = tempfile.TemporaryFile()
        self.end = 0
        self.pending: list[bytes] = []  # appended, written in one go (a deck's cards arrive by the hundred)
        self.written = 0

    def append(self, data: bytes) -> tuple[int, int]:
        at = self.end
        self.pending.append(data)
        self.end += len(data)
        if self.end - self.written > 1 << 18:
            self.flush()
        return at, len(data)

    def flush(self) -> None:
        if self.pending:
            os.pwrite(self.file.fileno(), b"".join(self.pending), self.written)
            self.pending, self.written = [], self.end

    def read(self, at: int, length: int) -> bytes:
        self.flush()
        return os.pread(self.file.fileno(), length, at)


_tokens = itertools.count()
_spools: weakref.WeakValueDictionary[int, Spool] = weakref.WeakValueDictionary()


class Packed:
    """Blocks of spans (a side's bullets or paragraphs), packed. Equal when their blocks are equal.
    Pickles as its bytes, wherever they are kept, so it can be cached and sent to any process."""

    __slots__ = ("_data", "_spool", "_at", "_size", "lengths")

    def __init__(self, data: bytes, lengths: tuple[int, ...] | array):
        self._data, self._spool, self._at, self._size = data, None, 0, 0
        # characters per block: enough to estimate a side's height without unpacking (an array: a deck
        # holds thousands)
        self.lengths = lengths if isinstance(lengths, array) else array("I", lengths)

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
        return self._data if self._spool is None else self._spool.read(self._at, self._size)

    def move_to(self, spool: Spool) -> None:
        """Keep the bytes in `spool` from now on (the value stays the same)."""
        if self._spool is None:
            self._at, self._size = spool.append(self._data)
            self._spool, self._data = spool, b""

    def __reduce__(self):  # lengths as a tuple: an array pickles as two more classes to look up
        return Packed, (self.data(), tuple(self.lengths))

    def __eq__(self, other) -> bool:
        return isinstance(other, Packed) and (self is other or self.blocks() == other.blocks())

    def __hash__(self) -> int:
        return hash(self.blocks())

    def __repr__(self) -> str:
        return f"Packed({self.blocks()!r})"


def _spooled(token: int, at: int, size: int, lengths) -> Packed:
    packed = Packed(b"", lengths)
    packed._spool, packed._at, packed._size = _spools[token], at, size
    return packed


class Stored:
    """Bytes in the build cache (a cache.Cache) under `key`, read when first asked for, while the build
    has the cache open: the title and sides of a card a rebuild found unchanged, which it most likely
    never asks for. Pickles as a Packed of the bytes, except onto a Shelf."""

    __slots__ = ("store", "key", "path")

    def __init__(self, store, key: str, path: str):
        self.store, self.key, self.path = store, key, path  # path: the card file, for the message below

    def data(self) -> bytes:
        data = self.store.get(self.key)
        if not isinstance(data, bytes):  # the cache file went bad during the build
            from fichegen.errors import FichegenError, Problem

            raise FichegenError(Problem(self.path, None, "the build cache could not be read back during the build; "
                                                         "build again, or with --no-cache"))
        return data

    def move_to(self, spool: Spool) -> None:
        pass  # not in memory

    def __reduce__(self):
        return Packed, (self.data(), ())


# The stores shelved cards' Stored texts are in, by id: a Shelf holds its cards pickled. A store that has
# gone may be followed by another with its id; the keys name the bytes they hold, so that is harmless.
_stores: weakref.WeakValueDictionary[int, object] = weakref.WeakValueDictionary()


def _stored(store_id: int, key: str, path: str) -> Stored:
    return Stored(_stores[store_id], key, path)


class _ShelfPickler(pickle.Pickler):
    """Pickles a card with its texts named by their place in `spool` (or in the build cache), not copied."""

    def __init__(self, file, spool: Spool):
        super().__init__(file, protocol=5)
        self.spool = spool

    def reducer_override(self, obj):
        if type(obj) is Packed and obj._spool is self.spool:
            return _spooled, (self.spool.token, obj._at, obj._size, tuple(obj.lengths))
        if type(obj) is Stored:
            _stores[id(obj.store)] = obj.store
            return _stored, (id(obj.store), obj.key, obj.path)
        return NotImplemented


class Shelf:
    """A deck's cards in order, in memory up to HELD of them and beyond that in the spool (each card
    pickled, its texts named by their place there), read back when asked for. The main process of a
    build then holds no more of a deck of ten thousand cards than of one of two thousand; a smaller
    deck stays in memory, where going through it (a rebuild does, a few times) is quicker."""

    HELD = 2_000
    RECENT = 16  # cards kept read back: callers ask for the same card a few times in a row

    def __init__(self, spool: Spool):
        self.spool, self.held = spool, []
        self.at, self.size = array("Q"), array("Q")
        self._recent: dict[int, object] = {}

    def append(self, card) -> None:
        if self.held is None:
            self._put(card)
            return
        self.held.append(card)
        if len(self.held) > self.HELD:
            held, self.held = self.held, None
            for kept in held:
                self._put(kept)

    def _put(self, card) -> None:
        out = io.BytesIO()
        _ShelfPickler(out, self.spool).dump(card)
        at, size = self.spool.append(out.getvalue())
        self.at.append(at)
        self.size.append(size)

    def sealed(self):
        """What a Deck keeps: a tuple when the cards are few, else the shelf."""
        return tuple(self.held) if self.held is not None else self

    def __len__(self) -> int:
        return len(self.at) if self.held is None else len(self.held)

    def __getitem__(self, i):
        if self.held is not None:
            return self.held[i]
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if i < 0:
            i += len(self.at)
        if not 0 <= i < len(self.at):
            raise IndexError("card index out of range")
        card = self._recent.get(i)
        if card is None:
            if len(self._recent) >= self.RECENT:
                self._recent.clear()
            card = self._recent[i] = pickle.loads(self.spool.read(self.at[i], self.size[i]))
        return card

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, (tuple, Shelf)) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __reduce__(self):  # elsewhere, the cards themselves (their texts with them)
        return tuple, (tuple(self),)

    def __repr__(self) -> str:
        return f"Shelf({len(self)} cards)"
