"""The values YAML mappings and lists are read into, which remember where each item stands.

Kept apart from the YAML reader so that a file's data can come back from paycalc's cache
(`cache.py`) without importing the YAML library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Mark = tuple[int, int]  # 1-based line and column


class MarkedDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows where it and each of its keys stand in the file."""

    __slots__ = ("key_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}


class MarkedList(list):  # type: ignore[type-arg]
    """A list from YAML that knows where it and each of its items stand in the file."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


class Deferred:
    """A file's marked data, read only when a line number is first asked for (`mark_at`): a
    file from the cache whose checks find nothing never needs it, and unpickling it cost more
    than its model."""

    __slots__ = ("_data", "_read")

    def __init__(self, read: Callable[[], Any]) -> None:
        self._read: Callable[[], Any] | None = read
        self._data: Any = None

    def data(self) -> Any:
        if self._read is not None:
            self._data, self._read = self._read(), None
        return self._data


def mark_at(data: Any, loc: Iterable[Any]) -> Mark | None:
    """The line and column that a location path (as pydantic reports it) points at.

    Steps down through mappings and lists as far as the path goes; a path element not in the data
    (a union tag, or a key that is missing) is skipped, so a missing key points at its parent.
    """
    if isinstance(data, Deferred):
        data = data.data()
    mark: Mark | None = getattr(data, "mark", None)
    node = data
    for part in loc:
        if isinstance(node, MarkedDict) and part in node:
            mark = node.key_marks.get(part, mark)
            node = node[part]
        elif isinstance(node, MarkedList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.item_marks[part]
            node = node[part]
        else:
            continue
    return mark
