"""Damage inside a healthy SQLite file is never silent (issue 13, parts 2 and 5).

A stored cell, text or snapshot that cannot be read makes the report raise
:class:`DamagedReportError` — naming it and offering its newest readable snapshot — instead
of a traceback or a report that silently goes missing.  The same hostile inputs the JSON reader
refuses (issue 13, part 5) are refused inside the store too.
"""

from __future__ import annotations

import json

import pytest

import main
from nianbao.model import Report
from storage.store import DamagedReportError, StorageError, Store

AGENCY = "某县民政局"


def saved(store: Store) -> int:
    report = Report(agency=AGENCY, year=2023, texts={"一": "总体情况。"})
    report.set_and_derive("t3.new.natural", 5)
    report.set_and_derive("t3.new.legal", 2)
    report_id, _ = store.create_report(report)
    return report_id


def break_cell(store: Store, report_id: int, key: str, text: str) -> None:
    store.db.execute("UPDATE cells SET value = ? WHERE report_id = ? AND key = ?", (text, report_id, key))


HOSTILE_CELLS = {
    "broken-json": '{"not json',
    "4301-digits": "9" * 4301,
    "nested-1000": "[" * 1000 + "]" * 1000,
    "lone-surrogate": '"\\ud800"',
    "billion-digits": "1e999999999",
}


@pytest.mark.parametrize("text", HOSTILE_CELLS.values(), ids=HOSTILE_CELLS.keys())
def test_a_cell_that_cannot_be_read_names_the_report_and_offers_its_snapshot(store, text):
    report_id = saved(store)
    snapshot_id = store.snapshot(report_id, "送审稿")
    store.save_cell(report_id, "t2.rules.issued", 3)  # newer than the snapshot
    break_cell(store, report_id, "t3.new.natural", text)
    with pytest.raises(DamagedReportError) as caught:
        store.load(report_id)
    error = caught.value
    assert (error.report_id, error.last_snapshot_id) == (report_id, snapshot_id)
    assert error.name == f"{AGENCY} 2023年度（编号 {report_id}）"
    message = str(error)
    assert f"报告“{AGENCY} 2023年度（编号 {report_id}）”的数据已损坏" in message
    assert "一、本年新收政府信息公开申请数量·自然人" in message and "可以恢复它最近的快照“送审稿”" in message
    assert [s.id for s in store.list_reports()] == [report_id]  # it does not vanish from the list

    store.restore_snapshot(error.last_snapshot_id)
    assert store.load(report_id).values["t3.new.natural"] == 5
    kept = store.list_snapshots(report_id)[0]
    assert kept.automatic and kept.name.endswith("（已损坏的部分未能保存）")
    assert store.load(report_id).values.get("t2.rules.issued") is None  # the snapshot is older …
    store.restore_snapshot(kept.id)  # … and what could still be read, the newer edit too, was kept
    readable = store.load(report_id).values
    assert readable["t2.rules.issued"] == 3 and "t3.new.natural" not in readable


def test_a_damaged_report_without_snapshots_says_so(store):
    report_id = saved(store)
    break_cell(store, report_id, "t3.new.total", "[")
    with pytest.raises(DamagedReportError, match="它没有可以恢复的快照") as caught:
        store.load(report_id)
    assert caught.value.last_snapshot_id is None


def test_text_that_is_not_utf8_and_an_unknown_edition_are_damage(store):
    report_id = saved(store)
    store.db.execute("UPDATE texts SET text = CAST(x'eda08041' AS TEXT) WHERE report_id = ?", (report_id,))
    with pytest.raises(DamagedReportError, match="正文"):
        store.load(report_id)
    other = saved(store)
    store.db.execute("UPDATE reports SET edition = '2099' WHERE id = ?", (other,))
    with pytest.raises(DamagedReportError, match="格式版本“2099”无法识别"):
        store.load(other)


def test_snapshots_that_cannot_be_read_are_refused_and_not_offered(store):
    report_id = saved(store)
    good = store.snapshot(report_id, "好的快照")
    bad_data = [
        '{"format": "nianbao-report", "version": 1, "edition": ["2021"], "agency": "x", "year": 2023}',
        '{"format": "nianbao-report", "version": 1, "edition": "2021", "agency": "\\ud800", "year": 2023}',
        "[" * 1000 + "]" * 1000,
        '{"broken',
        '{"format": "nianbao-report", "version": 1, "edition": "2021", "agency": "x", "year": 2023, "unparsed": [1]}',
    ]
    for data in bad_data:
        bad = store.snapshot(report_id, "坏的快照")
        store.db.execute("UPDATE snapshots SET data = ? WHERE id = ?", (data, bad))
        with pytest.raises(StorageError, match="快照“坏的快照”无法读取"):
            store.restore_snapshot(bad)
    break_cell(store, report_id, "t3.new.natural", "[")
    with pytest.raises(DamagedReportError) as caught:
        store.load(report_id)
    assert caught.value.last_snapshot_id == good  # the newer, unreadable ones are passed over


def test_a_damaged_previous_year_does_not_stop_the_next(store):
    last_id, _ = store.create_report(Report(agency=AGENCY, year=2022, values={"t3.carried_out.natural": 4}))
    store.db.execute("INSERT INTO cells (report_id, key, value) VALUES (?, 't3.carried_out.legal', '[')", (last_id,))
    this_id, filled = store.create_report(Report(agency=AGENCY, year=2023))
    assert "t3.carried_in.natural" in filled  # carried forward from what can be read
    previous = store.previous_year(this_id)
    assert previous is not None and previous.values["t3.carried_out.natural"] == 4


def test_an_import_can_replace_a_damaged_report(store):
    report_id = saved(store)
    break_cell(store, report_id, "t3.new.natural", "[")
    result = store.import_report(Report(agency=AGENCY, year=2023, values={"t3.new.legal": 1}), "replace")
    assert result.replaced and store.load(report_id).values == {"t3.new.legal": 1, "t3.new.total": 1}


def test_text_no_file_can_hold_is_refused_with_a_message_and_nothing_written(store):
    report_id = saved(store)
    with pytest.raises(StorageError, match="单独的 UTF-16 代理项"):
        store.save_text(report_id, "一", "正文\ud800")
    with pytest.raises(StorageError, match="单独的 UTF-16 代理项"):
        store.create_report(Report(agency="某局\udfff", year=2023))
    assert store.load(report_id).text("一") == "总体情况。"
    assert len(store.list_reports()) == 1


def test_export_of_a_damaged_report_is_exit_2_with_its_name(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path))
    with Store.open(tmp_path) as s:
        report_id = saved(s)
        break_cell(s, report_id, "t3.new.natural", '{"broken')
    code = main.main(["export-json", str(report_id), "-o", str(tmp_path / "out.json")])
    _, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err
    assert f"{AGENCY} 2023年度（编号 {report_id}）" in err and "已损坏" in err


def test_a_damaged_stamp_does_not_break_the_list(store):
    report_id = saved(store)
    store.db.execute("UPDATE reports SET modified = 'garbage' WHERE id = ?", (report_id,))
    (summary,) = store.list_reports()
    assert summary.modified.year == 1970
    assert json.loads(json.dumps(summary.id)) == report_id
