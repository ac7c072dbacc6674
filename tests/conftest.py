"""Shared fixtures: an independent distance oracle, so tests never grade the engine with itself."""

from __future__ import annotations

import os
import signal

import pytest

from tests.oracle import true_distance

#: Child processes started when collection ends, by test module name.
_BACKGROUND = pytest.StashKey[dict]()


def pytest_collection_finish(session):
    """Start each selected module's slow child process (its ``start_in_background()``: a
    ``subprocess.Popen`` or None) as soon as collection ends, so it runs on the second core
    while this single-threaded suite goes on; the module's tests wait for it through the
    ``background`` fixture."""
    started = session.config.stash.setdefault(_BACKGROUND, {})
    for item in session.items:
        module = getattr(item, "module", None)
        start = getattr(module, "start_in_background", None)
        if start is not None and module.__name__ not in started:
            started[module.__name__] = start()


def pytest_sessionfinish(session):
    """Stop any background child a test did not wait for (deselected, failed early)."""
    for proc in session.config.stash.get(_BACKGROUND, {}).values():
        if proc is not None and proc.poll() is None:
            if os.getpgid(proc.pid) == proc.pid:  # its own session: its kernel goes too
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
            proc.communicate()


@pytest.fixture
def background(request):
    """This module's child process from ``start_in_background()`` (started now if it was not
    started when collection ended; None when the module could not start one)."""
    started = request.config.stash.setdefault(_BACKGROUND, {})
    name = request.module.__name__
    if name not in started:
        started[name] = request.module.start_in_background()
    return started[name]


@pytest.fixture
def oracle():
    return true_distance


@pytest.fixture(scope="session")
def kharkiv():
    from envelope import borders

    return borders.get_segment("kharkiv")


@pytest.fixture(scope="session")
def june():
    """The default map's envelopes on 2024-06-15: ATACMS claimed 185-200 mi and nothing
    authorized for it; HIMARS claimed 50 mi, authorized to 24 mi (computed once)."""
    import datetime as dt

    from envelope.envelopes import compute_envelope_set

    return compute_envelope_set(segment="kharkiv", as_of=dt.date(2024, 6, 15))


@pytest.fixture(scope="session")
def december():
    """Every weapon from Kharkiv on 2024-12-01, inside 001's window: ATACMS only "may be"
    authorized (computed once)."""
    import datetime as dt

    from envelope.envelopes import compute_envelope_set

    return compute_envelope_set(segment="kharkiv", as_of=dt.date(2024, 12, 1))


@pytest.fixture(scope="session")
def uaru_june():
    """The whole Russia-Ukraine land border drawn, mid-June 2024 (the slowest envelope set;
    computed once for every test file that needs it)."""
    import datetime as dt

    from envelope.envelopes import compute_envelope_set

    return compute_envelope_set(segment="ua-ru", as_of=dt.date(2024, 6, 15))


@pytest.fixture(scope="session")
def june_model(june):
    from envelope.maps.model import build_map_model

    return build_map_model(june)


@pytest.fixture(scope="session")
def scenario():
    """The packaged scenario, loaded once (it is frozen, so tests can share it)."""
    from envelope.scenario import load_scenario

    return load_scenario()


@pytest.fixture(scope="session")
def timeline():
    """The default timeline map: every dated state of the packaged scenario."""
    from envelope.maps.timeline import timeline_model

    return timeline_model()


@pytest.fixture(scope="session")
def compare():
    """Two dates compared: 2024-06-15 (HIMARS to 24 mi) and 2025-02-01 (both weapons)."""
    import datetime as dt

    from envelope.maps.timeline import timeline_model

    return timeline_model(dates=(dt.date(2024, 6, 15), dt.date(2025, 2, 1)))
