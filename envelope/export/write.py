"""All-or-nothing writes and the one I/O error path: every OSError becomes one line naming the
file and the fix.

Policy: a regular file (or a new name) is written to a temporary file beside it, then renamed
over it, so a failure leaves the old file and no temporary one. A symbolic link is followed, so
the file it points to is replaced, not the link. Character devices (``/dev/null``,
``/dev/stdout``) and FIFOs are written in place and never replaced; block devices and sockets
are refused. ``-`` is standard output.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import EnvelopeError, file_kind, os_error

STDOUT = "-"


def io_error(path: str | os.PathLike, exc: OSError, verb: str = "write") -> EnvelopeError:
    """One line for an OSError while writing: the file, what went wrong and the fix."""
    return os_error(path, exc, verb)


def in_place(path: str | os.PathLike) -> bool:
    """True for a character device or FIFO: written in place, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def check_writable(path: str | os.PathLike) -> None:
    """Fail before the work, not after it: refuse what cannot or must not be written."""
    if str(path) == STDOUT:
        return
    name = str(path)
    if not name.strip():
        raise EnvelopeError("the output file name is empty; give a file name")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise io_error(path, exc) from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise EnvelopeError(f"cannot write {name}: it is a folder; give a file name")
        if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):  # a disk or a socket: never written
            kind = file_kind(mode)
            raise EnvelopeError(f"cannot write {name}: it is {kind}; give a regular file name")
        if not stat.S_ISREG(mode):
            return  # a character device or FIFO: written in place
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        shown = Path(name).parent if str(Path(name).parent) else Path(".")
        raise EnvelopeError(f"cannot write {name}: folder {shown} does not exist; create it first")
    if mode is not None and not os.access(target, os.W_OK):
        raise EnvelopeError(
            f"cannot write {name}: the file is read-only or immutable; make it writable or "
            "choose another name"
        )
    _probe(path, folder)


def _probe(path, folder: Path) -> None:
    """Create and remove an empty file beside the target: read-only, immutable and
    permission-denied folders fail here, before any computation."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".envelope-probe.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise io_error(path, exc) from None
    os.close(fd)
    os.unlink(tmp)


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` whole or not at all (``-`` is standard output); errors are one line."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if str(path) == STDOUT:
        write_stdout(payload)
        return
    check_writable(path)
    if in_place(path):
        _write_in_place(path, payload)
        return
    with replacing(path) as tmp, open(tmp, "wb") as fh:
        fh.write(payload)


@contextlib.contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside regular file ``path`` to write, in one go or chunk by chunk:
    synced and renamed over ``path`` when the block ends, removed if it fails."""
    target = Path(os.path.realpath(path))
    try:
        old_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        old_mode = 0o644
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise io_error(path, exc) from None
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, old_mode)  # mkstemp makes 0600; keep the old file's mode, else 0644
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise io_error(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_in_place(path, payload: bytes) -> None:
    """A character device or FIFO: open without creating or truncating, and write it all."""
    try:
        # O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of hanging.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise io_error(path, exc) from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise io_error(path, exc) from None
    finally:
        os.close(fd)


def write_stdout(payload: bytes) -> None:
    """Standard output: a full disk or a closed pipe is one line, like any other file."""
    try:
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is None:
            sys.stdout.write(payload.decode("utf-8"))
        else:
            out.write(payload)
        sys.stdout.flush()
    except OSError as exc:
        silence_stdout()
        raise io_error(STDOUT, exc) from None


def silence_stdout() -> None:
    """After a failed write to standard output, point it at /dev/null so Python's final flush
    cannot print a second error."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass
