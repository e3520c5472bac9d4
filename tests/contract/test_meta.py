"""The StoreMeta contract: the revision, the demo mark, values derived from
the store and kept until it changes, and one read standing for one question.

Parametrised over the backends and the in-memory fake by the ``store``
fixture in conftest.py."""

from __future__ import annotations

from datetime import date

from directory.consultations.records import MeetingSchedule
from directory.pool.model import Professional
from directory.ports import ImportPlan, Store
from tests.contract.conftest import renamed

FAKED = True




def test_one_read_looks_for_other_writes_again_once_it_is_over(small_store: Store, other: Store):
    counted = []

    def names() -> list[str]:
        counted.append(1)
        return sorted(p.name for p in small_store.iter_records("professionals"))

    with small_store.one_read():
        assert small_store.get("professionals", "p-anna").name == "Anna de Vries"
        small_store.derived(("names",), names)
        small_store.apply(ImportPlan({"professionals": (renamed(small_store, "p-anna", "Anna Eigen"),)}))
        assert small_store.get("professionals", "p-anna").name == "Anna Eigen"  # its own write
        assert "Anna Eigen" in small_store.derived(("names",), names)
    other.apply(ImportPlan({"professionals": (renamed(other, "p-anna", "Anna Ander"),)}))
    assert small_store.get("professionals", "p-anna").name == "Anna Ander"
    assert "Anna Ander" in small_store.derived(("names",), names)
    assert len(counted) == 3  # made afresh after each write, not otherwise
    small_store.derived(("names",), names)
    assert len(counted) == 3


def test_an_empty_store_is_at_revision_zero(store: Store):
    assert store.revision() == 0


def test_revision_grows_with_each_write(small_store: Store):
    before = small_store.revision()
    small_store.apply(ImportPlan({"professionals": (Professional(id="p-x", name="X"),)}))
    assert small_store.revision() == before + 1


def test_demo_flag(store: Store):
    assert not store.is_demo()
    store.mark_demo()
    assert store.is_demo()


def test_derived_values_are_kept_until_the_store_changes(small_store: Store):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return small_store.count("professionals")

    assert small_store.derived(("count", 1), compute) == 5
    assert small_store.derived(("count", 1), compute) == 5
    assert len(calls) == 1  # kept
    assert small_store.derived(("count", 2), compute) == 5 and len(calls) == 2  # another key
    small_store.apply(ImportPlan({"professionals": (Professional(id="p-x", name="X"),)}))
    assert small_store.derived(("count", 1), compute) == 6 and len(calls) == 3  # a write: afresh


def test_a_change_of_consultations_only_makes_afresh_what_depends_on_them(small_store: Store):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert small_store.derived(("pool",), compute) == 1
    assert small_store.derived(("open hours",), compute, with_consultations=True) == 2
    schedule = MeetingSchedule(team="kt-zuidoost", first=date(2026, 11, 3))
    small_store.apply(ImportPlan({}, schedules=(schedule,)))
    assert small_store.derived(("pool",), compute) == 1  # no record changed: kept
    assert small_store.derived(("open hours",), compute, with_consultations=True) == 3
