"""directory.accounts.signin and directory.accounts.throttle without the web: the pause that
grows, counted per name and client, and refused attempts counted, not logged
one by one (issue 16, findings 1 and 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts import throttle
from directory.accounts import users as accounts
from directory.accounts.signin import sign_in
from directory.accounts.throttle import ChecksBusy, ClientThrottled, SignInGate
from directory.errors import TooManyAttempts, Unauthorized

T = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
STRONG = "een goed lang wachtwoord"


def fail(store, gate, at, client="attacker"):
    with pytest.raises(Unauthorized) as caught:
        sign_in(store, "anna", "fout wachtwoord", gate=gate, client=client, now=at)
    assert not isinstance(caught.value, TooManyAttempts)


def paused_for(store, gate, at, client="attacker") -> int:
    with pytest.raises(TooManyAttempts) as caught:
        sign_in(store, "anna", STRONG, gate=gate, client=client, now=at)
    return caught.value.retry_after


def test_the_pause_doubles_with_every_failure_after_it(small_store):
    accounts.add_user(small_store, "anna", "specialist", STRONG)
    gate = SignInGate(per_minute=100)
    for second in range(5):
        fail(small_store, gate, T + timedelta(seconds=second))
    assert paused_for(small_store, gate, T + timedelta(minutes=1)) == 14 * 60 + 4
    fail(small_store, gate, T + timedelta(minutes=16))  # checked again after the pause: wrong again
    assert paused_for(small_store, gate, T + timedelta(minutes=17)) == 29 * 60
    fail(small_store, gate, T + timedelta(minutes=47))
    assert paused_for(small_store, gate, T + timedelta(minutes=47)) == 60 * 60
    # another client is not paused, and its success does not end the attacker's pause
    assert sign_in(small_store, "anna", STRONG, gate=gate, client="anna's pc", now=T + timedelta(minutes=48))
    assert paused_for(small_store, gate, T + timedelta(minutes=49)) == 58 * 60


def test_the_longest_pause_is_four_hours(small_store):
    gate = SignInGate(per_minute=100)
    for second in range(5):
        fail(small_store, gate, T + timedelta(seconds=second))
    at, pauses = T, []
    for _ in range(5):
        pauses.append(paused_for(small_store, gate, at))
        at += timedelta(seconds=pauses[-1] + 1)  # the pause is over: the next try fails again
        fail(small_store, gate, at)
    assert [round(p / 60) for p in pauses] == [15, 30, 60, 120, 240]
    assert paused_for(small_store, gate, at) == 4 * 3600


def test_paused_attempts_are_written_once_and_then_as_one_count(small_store):
    accounts.add_user(small_store, "anna", "specialist", STRONG)
    gate = SignInGate(per_minute=1000)
    for second in range(5):
        fail(small_store, gate, T + timedelta(seconds=second))
    for second in range(200):
        paused_for(small_store, gate, T + timedelta(seconds=10 + second))

    def paused_rows():
        return [e for e in small_store.audit_entries(kind="signin") if e.action == "sign_in_paused"]

    assert [(e.user, e.after) for e in paused_rows()] == [("anna", {"attempts": 1})]
    # the next attempt after the window, from anyone, writes the rest as one row
    with pytest.raises(Unauthorized):
        sign_in(small_store, "bram", "x", gate=gate, client="elsewhere", now=T + timedelta(minutes=20))
    assert [(e.user, e.after) for e in paused_rows()] == [("anna", {"attempts": 1}),
                                                          ("anna", {"attempts": 199})]
    assert "attacker" not in str(small_store.audit_entries(kind="signin"))  # nothing about the client


def test_a_client_gets_its_allowance_per_minute_and_it_refills():
    gate = SignInGate(per_minute=2)
    gate.admit("a", T)
    gate.admit("a", T)
    with pytest.raises(ClientThrottled) as caught:
        gate.admit("a", T)
    assert caught.value.retry_after == 30
    gate.admit("b", T)  # others have their own
    gate.admit("a", T + timedelta(seconds=30))


def test_the_tables_stay_bounded(monkeypatch):
    monkeypatch.setattr(throttle, "MOST_KEYS", 3)
    gate = SignInGate(per_minute=5)
    for number in range(50):
        gate.admit(f"client-{number}", T)
        gate.refused(f"user-{number}", f"client-{number}", T)
    assert len(gate._buckets) <= 4 and len(gate._tallies) <= 4


def test_password_checks_at_once_are_bounded():
    gate = SignInGate(at_once=1)
    with gate.checking(), pytest.raises(ChecksBusy) as caught, gate.checking():
        pass
    assert caught.value.retry_after == 1
    with gate.checking():  # released again
        pass


def test_password_checks_run_in_threads_of_their_own_at_a_lower_priority():
    import os
    import threading

    def niceness() -> tuple[str, int]:
        return threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    name, nice = SignInGate().run(niceness)
    assert name.startswith("password-check")
    assert nice >= niceness()[1] + min(throttle.CHECK_NICENESS, 19 - niceness()[1])
