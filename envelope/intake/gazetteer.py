"""Weapon names in report text: the packaged profiles and their aliases plus a data file of common
systems (``weapons.toml``), matched case- and spelling-tolerantly, longest name first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA_FILE = Path(__file__).with_name("weapons.toml")
_SEPARATOR = r"[\s\-‐‑–/]*"
_SUFFIX = r"(?:'s|’s|'|’|es|s)?"
_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")


@dataclass(frozen=True)
class Weapon:
    """A weapon the gazetteer knows: display name, other names, supplier, whether packaged."""

    name: str
    aliases: tuple[str, ...]
    supplier: str
    packaged: bool = False
    generic: bool = False  # named only by its kind ("glide bombs"): no profile of its own


@dataclass(frozen=True)
class Mention:
    """A weapon named in a text: which weapon, where, and the words as written."""

    weapon: Weapon
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Gazetteer:
    """Compiled name patterns (longest names first) and distinctive names for fuzzy matching."""

    weapons: tuple[Weapon, ...]
    patterns: tuple[tuple[re.Pattern, Weapon, bool, str], ...]  # + a word it must contain
    fuzzy: tuple[tuple[str, Weapon], ...]

    def find(self, text: str) -> tuple[Mention, ...]:
        """Every weapon mention in ``text``, non-overlapping, in text order."""
        taken: list[tuple[int, int]] = []
        found: list[Mention] = []

        def free(a: int, b: int) -> bool:
            return not any(a < y and x < b for x, y in taken)

        lower = text.casefold()
        for pattern, weapon, capitalised, probe in self.patterns:
            if probe not in lower:  # most names are absent: skip their regex
                continue
            for m in pattern.finditer(text):
                if capitalised and not m.group(0)[:1].isupper():
                    continue
                if free(m.start(), m.end()):
                    taken.append((m.start(), m.end()))
                    found.append(Mention(weapon, m.start(), m.end(), m.group(0)))
        sizes = {len(name) + d for name, _ in self.fuzzy for d in (-1, 0, 1)}
        for m in _TOKEN.finditer(text):  # one-letter misspellings of distinctive names
            word = m.group(0)
            if len(word) not in sizes or not word[:1].isupper() or not free(m.start(), m.end()):
                continue
            for name, weapon in self.fuzzy:
                if _one_edit(word.casefold(), name):
                    taken.append((m.start(), m.end()))
                    found.append(Mention(weapon, m.start(), m.end(), word))
                    break
        return tuple(sorted(found, key=lambda x: x.start))

    def weapon(self, name: str) -> Weapon | None:
        """The weapon called ``name`` (or one of its aliases), case-insensitively."""
        key = _key(name)
        for w in self.weapons:
            if key == _key(w.name) or key in (_key(a) for a in w.aliases):
                return w
        return None


def load_gazetteer(packaged: Iterable[tuple[str, tuple[str, ...], str]] = ()) -> Gazetteer:
    """The gazetteer: ``packaged`` (name, aliases, supplier) profiles, then the data file's.

    A data-file entry naming a packaged weapon only adds spellings to match; the packaged
    profile keeps its own name, aliases and supplier.
    """
    weapons: dict[str, Weapon] = {}
    spellings: list[tuple[str, str, bool]] = []  # (spelling, weapon key, capitalised)
    for name, aliases, supplier in packaged:
        weapons[_key(name)] = Weapon(name, tuple(aliases), supplier, packaged=True)
        spellings += [(n, _key(name), False) for n in (name, *aliases)]
    with DATA_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    for entry in data.get("weapon", []):
        names = (entry["name"], *entry.get("aliases", ()))
        exact = tuple(entry.get("exact", ()))  # spellings that are also common words
        key = next(
            (k for k, w in weapons.items() if any(_key(n) in _names(w) for n in names)),
            _key(entry["name"]),
        )
        if key not in weapons:
            weapons[key] = Weapon(entry["name"], tuple(names[1:]), entry.get("supplier", "unknown"))
        cap = bool(entry.get("capitalised"))
        spellings += [(n, key, cap and n.isalpha()) for n in names if n not in exact]
        spellings += [(n, key, True) for n in exact]
    return _compile(tuple(weapons.values()), weapons, spellings)


def _compile(
    weapons: tuple[Weapon, ...], by_key: dict[str, Weapon], spellings: list[tuple[str, str, bool]]
) -> Gazetteer:
    spellings = sorted(spellings, key=lambda s: -len(_key(s[0])))
    patterns = []
    seen: set[str] = set()
    for name, key, cap in spellings:
        if _key(name) not in seen:
            seen.add(_key(name))
            exact = cap and name.isupper() and name.isalpha()
            probe = max(re.findall(r"[A-Za-z]+|\d+", name), key=len).casefold()
            patterns.append((_pattern(name, exact), by_key[key], cap, probe))
    fuzzy = tuple(
        (_key(n), by_key[k])
        for n, k, cap in spellings
        if not cap and re.fullmatch(r"[A-Za-z]{6,}", n)
    )
    return Gazetteer(weapons, tuple(patterns), fuzzy)


def _names(weapon: Weapon) -> set[str]:
    return {_key(n) for n in (weapon.name, *weapon.aliases)}


def _pattern(name: str, exact: bool = False) -> re.Pattern:
    parts = re.findall(r"[A-Za-z]+|\d+", name)
    body = _SEPARATOR.join(
        re.escape(p) + (r"s?" if p.isalpha() and len(p) > 3 else "") for p in parts
    )
    flags = 0 if exact else re.IGNORECASE  # "SCALP", never "scalp"
    return re.compile(rf"(?<![A-Za-z0-9]){body}{_SUFFIX}(?![A-Za-z0-9])", flags)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by one insertion, deletion, substitution or swap (not 0)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
