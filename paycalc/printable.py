"""Text from files shown safely on a terminal: control characters escaped, never sent raw.

A scheme title such as "\\x1b]0;PWNED\\x07\\x1b[2J" would retitle the terminal and clear the
screen if printed as it is, and a YAML key holding a line break would forge a second
`file:line:col` line in `paycalc validate`. Every text renderer (tables, `show`, `list`,
`explain`, compare's table and markdown, validate's text and github formats) passes what it
prints through `printable`, so such characters appear as visible escapes ('\\x1b', '\\n').
"""

from __future__ import annotations

import re

# C0 controls (tab and line feed included), DEL, C1 controls, and the Unicode marks that
# reorder text on screen (bidirectional overrides and isolates, as in "Trojan Source").
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = f"[\x00-\x1f\x7f-\x9f{_BIDI}]"
_CONTROL_BUT_NEWLINE = f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Compiled when first used, not on import: a warm validate or apply with nothing to report
# prints no text from a file, and the two patterns cost it about half a millisecond.
_compiled: dict[bool, re.Pattern[str]] = {}


def _pattern(newlines: bool) -> re.Pattern[str]:
    found = _compiled.get(newlines)
    if found is None:
        found = _compiled[newlines] = re.compile(_CONTROL_BUT_NEWLINE if newlines else _CONTROL)
    return found


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def needs_escape(text: str, *, newlines: bool = False) -> bool:
    """Whether `printable` would change `text`. Each pattern matches one character, so texts
    joined together need an escape exactly when one of them does: a caller with many texts
    may test them all at once."""
    return _pattern(newlines).search(text) is not None


def printable(text: str, *, newlines: bool = False) -> str:
    """`text` with every control character written as an escape ('\\x1b', '\\n', '\\u202e').
    With `newlines=True` a line feed is kept (for text whose line breaks are the renderer's
    own, such as a table cell paycalc wrapped)."""
    pattern = _pattern(newlines)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)
