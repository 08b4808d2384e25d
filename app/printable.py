"""Text from the data made safe to print on a terminal, one line per field.

A title or note can carry control codes (an imported file, an older version,
another device): printed raw, ESC sequences recolour or rewrite the terminal
and newlines forge extra lines of output. Every C0/C1 control character and
every invisible direction or format mark is shown as a visible escape
instead, and line breaks inside a field become spaces.
"""

from __future__ import annotations

import unicodedata

# Line breaks and tabs inside one field: a space keeps the words apart.
_BREAKS = {"\n", "\r", "\t", "\v", "\f", "\x85", "\u2028", "\u2029"}
# C0 controls have visible stand-ins in Unicode's Control Pictures block (U+2400).
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"


def _shown(char: str) -> str:
    if char in _BREAKS:
        return " "
    code = ord(char)
    if code in _PICTURES:
        return _PICTURES[code]
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs") and char != "\u200d":  # keep the joiner inside emoji
        # C1 controls, direction overrides and isolates, zero-width marks and
        # lone surrogates: shown by their number.
        return f"<U+{code:04X}>"
    return char


def one_line(text: object) -> str:
    """`text` as one printable line: no control characters, no line breaks."""
    text = str(text)
    if text.isprintable():  # the common case: nothing to replace
        return text
    return "".join(_shown(char) for char in text)
