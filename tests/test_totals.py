"""Computed totals never contradict their parts in the store (issue 13, part 3).

The rule (decided by the lead): whenever a report or cells are written, every computed cell is
stored as the sum of its parts if at least one part is a number; a computed cell whose parts are
all blank keeps what it holds (the seed, a published report that fills only the 总计 column).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import exchange
from nianbao.editions import EDITIONS, get_edition
from nianbao.model import Report, TotalCorrection, Unparsed, Value, derive_values, describe_corrections, numbers_of
from nianbao.samples import consistent_report
from storage.store import Store

AGENCY = "某县民政局"
FIXTURE = Path(__file__).parent / "fixtures" / "jiaojiang_minzheng_2020.json"


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path) as s:
        yield s


def contradictions(report: Report) -> list[str]:
    """Computed cells that hold something other than the sum of their parts while a part is a number."""
    wrong = []
    for key, rule in report.spec.computed_by_key.items():
        numbers = numbers_of([report.values.get(p) for p in rule.parts])
        if numbers and report.values.get(key) != sum(numbers[1:], numbers[0]):
            wrong.append(key)
    return wrong


# ---------------------------------------------------------------- the rule, in the core


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_totals_of_totals_come_after_their_parts(edition):
    spec = get_edition(edition)
    order = spec.computed_order
    assert sorted(order) == sorted(spec.computed_by_key)
    for position, key in enumerate(order):
        for part in spec.computed_by_key[key].parts:
            if part in spec.computed_by_key:
                assert order.index(part) < position, (key, part)


def test_derive_sums_numeric_parts_and_keeps_a_total_whose_parts_are_blank():
    spec = get_edition("2021")
    values: dict[str, Value] = {
        "t3.new.natural": 3,
        "t3.new.legal": Unparsed("/", "不是数字"),  # text is not a number: left out of the sum
        "t3.new.total": 9,  # contradicts 3
        "t3.carried_in.total": 4,  # its parts are all blank: kept
        "t3.granted.natural": 2,
        "t3.partial.natural": 1,
    }
    corrections = derive_values(spec, values)
    assert values["t3.new.total"] == 3
    assert values["t3.carried_in.total"] == 4
    assert values["t3.result_total.natural"] == 3  # a column total …
    assert values["t3.result_total.total"] == 3  # … and the total of totals, derived after it
    assert corrections[0] == TotalCorrection("t3.new.total", 9, 3)
    assert {c.key for c in corrections} >= {"t3.granted.total", "t3.result_total.total"}
    assert derive_values(spec, values) == []  # derived once, stable


def test_the_seed_keeps_its_only_numbers():
    """The seed (椒江区民政局 2020) fills in only the 总计 column of 表三: nothing may be lost."""
    seed = exchange.load(FIXTURE)
    before = dict(seed.values)
    assert seed.derive_totals() == []
    assert seed.values == before


def test_corrections_are_described_in_chinese_with_the_places():
    spec = get_edition("2021")
    text = describe_corrections(
        spec, [TotalCorrection("t3.new.total", 36, 37), TotalCorrection("t4.review.total", None, 2)]
    )
    assert text.startswith("有 2 个合计与其各部分之和不符，已更正")
    assert "·总计：文件中为 36，已按各部分之和改为 37" in text
    assert "四·行政复议·总计：文件中为空白，已按各部分之和改为 2" in text


# ---------------------------------------------------------------- every write path of the store


def inconsistent(year: int = 2023) -> Report:
    report = Report(agency=AGENCY, year=year)
    report.values.update({"t3.new.natural": 5, "t3.new.legal": 2, "t3.new.total": 70})  # 7, not 70
    return report


def test_create_stores_derived_totals_and_updates_the_callers_report(store):
    report = inconsistent()
    report_id, _ = store.create_report(report)
    assert store.load(report_id).values["t3.new.total"] == 7
    assert report.values["t3.new.total"] == 7


def test_import_says_which_totals_it_corrected(store):
    result = store.import_report(inconsistent())
    report_id, replaced = result  # unpacks as before
    assert not replaced and result.report_id == report_id
    assert result.corrected == [TotalCorrection("t3.new.total", 70, 7)]
    assert "文件中为 70，已按各部分之和改为 7" in result.corrections_message
    assert store.load(report_id).values["t3.new.total"] == 7
    again = store.import_report(inconsistent(), "replace")
    assert again.replaced and again.corrected and store.load(report_id).values["t3.new.total"] == 7
    clean = store.import_report(consistent_report("2021", rng=random.Random(3)), "keep_both")
    assert clean.corrected == [] and clean.corrections_message == ""


def test_importing_the_seed_keeps_every_number(store):
    result = store.import_report(exchange.load(FIXTURE))
    assert result.corrected == []
    assert store.load(result.report_id).values == exchange.load(FIXTURE).values


def test_save_cells_derives_and_returns_what_it_derived(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    assert store.save_cells(report_id, {"t3.new.natural": 5, "t3.new.total": 5}) == {}  # already derived
    derived = store.save_cells(report_id, {"t3.new.legal": 2})  # the caller did not derive
    assert derived == {"t3.new.total": 7}
    assert store.save_cells(report_id, {"t3.new.total": 100}) == {"t3.new.total": 7}  # a total is not typed
    store.save_cells(report_id, {"t3.granted.commercial": 4})
    values = store.load(report_id).values
    assert values["t3.new.total"] == 7
    assert values["t3.result_total.commercial"] == 4 and values["t3.result_total.total"] == 4
    assert contradictions(store.load(report_id)) == []


def test_a_total_whose_parts_become_blank_keeps_what_the_write_gives(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    store.save_cells(report_id, {"t3.new.natural": 5, "t3.new.total": 5})
    store.save_cells(report_id, {"t3.new.natural": None, "t3.new.total": None})  # what the form sends
    assert "t3.new.total" not in store.load(report_id).values
    store.save_cells(report_id, {"t3.carried_in.total": 3})  # only the total, as the seed has it
    assert store.load(report_id).values["t3.carried_in.total"] == 3


def test_a_total_stored_before_the_rule_is_derived_when_a_write_touches_its_row(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023, values={"t3.new.natural": 5}))
    store.db.execute("UPDATE cells SET value = '36' WHERE report_id = ? AND key = 't3.new.total'", (report_id,))
    assert store.save_cells(report_id, {"t2.rules.issued": 1}) == {}  # not a part of it: left for now
    assert store.save_cells(report_id, {"t3.new.legal": 2}) == {"t3.new.total": 7}
    assert store.load(report_id).values["t3.new.total"] == 7


def test_a_total_kept_as_text_gives_way_to_the_sum(store):
    report = Report(agency=AGENCY, year=2023, values={"t3.new.natural": 5})
    report.values["t3.new.total"] = Unparsed("/", "不是数字")
    report_id, _ = store.create_report(report)
    assert store.load(report_id).values["t3.new.total"] == 5


def test_restoring_a_snapshot_derives_its_totals(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023, values={"t3.new.natural": 5}))
    snapshot_id = store.snapshot(report_id, "送审稿")
    (data,) = store.db.execute("SELECT data FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
    old = json.loads(data)
    old["values"]["t3.new.total"] = 50  # a snapshot written before the rule
    store.db.execute("UPDATE snapshots SET data = ? WHERE id = ?", (json.dumps(old), snapshot_id))
    corrected = store.restore_snapshot(snapshot_id)
    assert corrected == [TotalCorrection("t3.new.total", 50, 5)]
    assert store.load(report_id).values["t3.new.total"] == 5


def test_replace_and_duplicate_derive(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    assert store.replace_report(report_id, inconsistent()) == [TotalCorrection("t3.new.total", 70, 7)]
    copy_id = store.duplicate(report_id)
    assert store.load(copy_id).values["t3.new.total"] == 7


ENTRY_KEYS = [k for k, c in get_edition("2021").cells_by_key.items() if not c.computed and c.kind.is_integer]
COMPUTED_KEYS = list(get_edition("2021").computed_by_key)
WRITE = st.tuples(
    st.sampled_from(ENTRY_KEYS + COMPUTED_KEYS),
    st.one_of(st.none(), st.integers(0, 500), st.just(Unparsed("/", "不是数字"))),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(WRITE, min_size=1, max_size=6), min_size=1, max_size=12))
def test_no_sequence_of_writes_leaves_a_total_contradicting_its_parts(tmp_path_factory, batches):
    with Store.open(tmp_path_factory.mktemp("totals")) as s:
        report_id, _ = s.create_report(Report(agency=AGENCY, year=2023))
        for batch in batches:
            s.save_cells(report_id, dict(batch))
            assert contradictions(s.load(report_id)) == []
