"""The one exception type the CLI turns into a single stderr line and exit status 2, and the
one wording of operating-system errors (a file, what went wrong, the fix)."""

from __future__ import annotations

import errno
import os


class EnvelopeError(ValueError):
    """Bad input from the user: the message names the problem and how to fix it."""


#: errno name | what went wrong | how to fix it (when writing). Other errors keep the
#: system's words.
_FIX_TABLE = """
EACCES | permission denied | choose a folder you can write to, or change its mode
EPERM | operation not permitted (the file or folder may be immutable) | remove the protection\
 (chattr -i) or write elsewhere
EROFS | the file system is read-only | write to another folder
ENOSPC | no space left on the device | free some space or write elsewhere
EDQUOT | disk quota exceeded | free some space or write elsewhere
EFBIG | the file is too large for this file system | write elsewhere
EISDIR | it is a folder | give a file name
ENOENT | its folder does not exist | create it first
ENOTDIR | a part of the path is not a folder | check the path
ENAMETOOLONG | the name is too long | use a shorter name
ELOOP | too many symbolic links | give the real path
EPIPE | the reading program closed the pipe | let it read everything, or write to a file instead
ENXIO | no program is reading it | start the reader first
EIO | input/output error | check the device, or write elsewhere
EBUSY | the file is busy | close the program using it, or write elsewhere
ETXTBSY | the file is busy | close the program using it, or write elsewhere
EAGAIN | the reader is not keeping up | write to a file instead
"""
_FIXES = {
    getattr(errno, name): (problem, fix)
    for name, problem, fix in (
        (cell.strip() for cell in line.split("|")) for line in _FIX_TABLE.strip().splitlines()
    )
    if hasattr(errno, name)
}
#: Reading has other fixes (a missing file or a folder is named before any read).
_READ_FIXES = {
    errno.EACCES: "make it readable (chmod +r) or copy it somewhere else",
    errno.EPERM: "make it readable or copy it somewhere else",
    errno.EIO: "check the device, or copy the file elsewhere",
}


def os_error(path: str | os.PathLike, exc: OSError, verb: str = "write") -> EnvelopeError:
    """One line for an OSError: the file ("standard output" for ``-``), the problem, the fix."""
    problem, fix = _FIXES.get(exc.errno or 0, (exc.strerror or str(exc), ""))
    if verb == "read":
        fix = _READ_FIXES.get(exc.errno or 0, "check the path")
    name = "standard output" if str(path) == "-" else str(path)
    return EnvelopeError(f"cannot {verb} {name}: {problem}" + (f"; {fix}" if fix else ""))


def file_kind(mode: int) -> str:
    """What a stat mode is, in words for a message: "a folder", "a FIFO (named pipe)", ..."""
    import stat

    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device (a disk)"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    )
    return next((word for test, word in kinds if test(mode)), "not a regular file")
