"""The workflow layer on a real database and real files, without Qt: what both the GUI and the CLI do."""

from __future__ import annotations

import random
import sys
from datetime import date

import pytest

from nianbao import exchange
from nianbao.checker import check
from nianbao.model import Report
from nianbao.samples import consistent_report
from readers.docx_reader import read_docx
from workflows import reports, snapshots
from workflows.batch import check_many
from workflows.checking import sum_files
from workflows.errors import (
    ExportRefused,
    OutputRefused,
    ReportExists,
    SumRefused,
    Unreadable,
    WorkflowError,
    YearNotAllowed,
)
from workflows.exporting import default_docx_path, export_json, export_word
from workflows.importing import OnConflict, import_file

AGENCY = "某县民政局"


def test_workflows_import_no_qt():
    import subprocess

    code = "import workflows.reports, workflows.importing, workflows.exporting, workflows.checking, sys; " \
        "print(any(m.startswith('PySide6') for m in sys.modules))"  # fmt: skip
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_create_carries_forward_and_refuses_a_second_one(store):
    last = consistent_report("2021", 2022, agency=AGENCY)
    store.create_report(last)
    created = reports.create_report(store, AGENCY, 2023, today=date(2024, 1, 5))
    assert created.carried and all(created.report.get(k) == last.get(v) for k, v in created.report.spec.carry_in)
    assert store.load(created.report_id).get("t3.carried_in.total") == last.get("t3.carried_out.total")
    with pytest.raises(ReportExists) as exists:
        reports.create_report(store, AGENCY, 2023, today=date(2024, 1, 5))
    assert exists.value.existing_id == created.report_id and "已经存在" in str(exists.value)
    assert len(store.list_reports()) == 2


@pytest.mark.parametrize("year", [2018, 2026])
def test_the_one_year_rule_holds_for_new_reports(store, year):
    with pytest.raises(YearNotAllowed, match=f"不能新建{year}年度的报告"):
        reports.create_report(store, AGENCY, year, today=date(2025, 12, 31))
    assert store.list_reports() == []


def test_copy_as_next_year_keeps_texts_and_carries_forward(store):
    report_id, _ = store.create_report(consistent_report("2019", 2020, agency=AGENCY))
    created = reports.copy_as_next_year(store, report_id, today=date(2021, 6, 1))
    assert created.report.year == 2021 and created.report.edition == "2021"
    assert created.report.text("五") and created.carried
    with pytest.raises(YearNotAllowed):
        reports.copy_as_next_year(store, created.report_id, today=date(2021, 6, 1))  # 2022 has not begun


@pytest.mark.parametrize("choice", [OnConflict.REPLACE, OnConflict.KEEP_BOTH])
def test_import_with_the_conflict_choice(store, tmp_path, choice):
    existing, _ = store.create_report(Report(AGENCY, 2023))
    path = tmp_path / "r.json"
    exchange.save(consistent_report("2021", 2023, agency=AGENCY), path)
    with pytest.raises(ReportExists):
        import_file(store, path)  # ask: nothing written
    assert len(store.list_reports()) == 1
    imported = import_file(store, path, choice)
    assert imported.replaced is (choice is OnConflict.REPLACE) and imported.source_format == "JSON"
    if choice is OnConflict.REPLACE:
        assert imported.report_id == existing
        (snapshot,) = snapshots.snapshots_of(store, existing)
        assert snapshot.automatic and snapshot.name.startswith("导入前自动保存")
    else:
        assert imported.report_id != existing and len(store.list_reports()) == 2


def test_import_of_a_file_from_the_future_is_refused(store, tmp_path):
    path = tmp_path / "future.json"
    data = exchange.to_dict(Report(AGENCY, 2023))
    data["year"] = 9999
    path.write_text(__import__("json").dumps(data), encoding="utf-8")
    with pytest.raises(WorkflowError, match="9999"):
        import_file(store, path)
    assert store.list_reports() == []


def test_import_keeps_the_readers_deviations_apart(store, tmp_path):
    from fixtures.docx_support import COUNTY_2021, load, others_document

    path = others_document(load(COUNTY_2021), tmp_path / "o.docx", deviate=lambda t: t.replace("许可", "许 可"))
    imported = import_file(store, path)
    assert any("写法不同" in f.message for f in imported.deviations)
    assert not any("写法不同" in f.message for f in check(store.load(imported.report_id)))


def test_export_word_refuses_errors_unless_forced_and_snapshots_automatically(store, tmp_path):
    report = Report(AGENCY, 2023)
    report_id, _ = store.create_report(report)
    target = default_docx_path(report, tmp_path)
    with pytest.raises(ExportRefused) as refused:
        export_word(report, target, stored_as=(store, report_id))
    assert refused.value.errors and not target.exists() and snapshots.snapshots_of(store, report_id) == []
    exported = export_word(report, target, force=True, stored_as=(store, report_id))
    assert exported.path == target and exported.errors == len(refused.value.errors)
    (snapshot,) = snapshots.snapshots_of(store, report_id)
    assert snapshot.automatic and snapshot.name.startswith("导出 Word")
    assert read_docx(target).report.agency == AGENCY


def test_export_word_output_rules(tmp_path):
    report = consistent_report("2021", 2023)
    source = tmp_path / "r.json"
    exchange.save(report, source)
    for bad, why in ((tmp_path / "r.doc", "应以 .docx 结尾"), (tmp_path, "应以 .docx 结尾")):
        with pytest.raises(OutputRefused, match=why):
            export_word(report, bad)
    folder = tmp_path / "x.docx"
    folder.mkdir()
    with pytest.raises(OutputRefused, match="文件夹"):
        export_word(report, folder)


def test_export_json_snapshots_what_it_exported(store, tmp_path):
    report_id, _ = store.create_report(consistent_report("2021", 2023))
    path = export_json(store, report_id, tmp_path / "r.json")
    assert exchange.to_dict(exchange.load(path)) == exchange.to_dict(store.load(report_id))
    assert [s.automatic for s in snapshots.snapshots_of(store, report_id)] == [True]


def test_snapshot_and_restore(store):
    report_id, _ = store.create_report(consistent_report("2021", 2023))
    name = snapshots.take_snapshot(store, report_id, "  ")
    assert name.startswith("快照 ")
    store.save_cell(report_id, "t4.review.upheld", 99)
    (taken,) = snapshots.snapshots_of(store, report_id)
    snapshots.restore_snapshot(store, taken)
    assert store.load(report_id).get("t4.review.upheld") != 99
    assert any(s.automatic and "恢复" in s.name for s in snapshots.snapshots_of(store, report_id))


def test_trash_round_trip_and_empty(store):
    a, _ = store.create_report(Report("甲局", 2023))
    b, _ = store.create_report(Report("乙局", 2023))
    with pytest.raises(WorkflowError, match="没有编号为 99"):
        reports.move_to_trash(store, [a, 99])
    assert reports.trash(store) == []  # all or nothing
    reports.move_to_trash(store, [a, b])
    reports.restore_from_trash(store, [b])
    assert [s.id for s in reports.trash(store)] == [a]
    assert [s.agency for s in reports.empty_trash(store)] == ["甲局"]
    assert reports.trash(store) == [] and [s.id for s in store.list_reports(include_deleted=True)] == [b]


def test_check_files_reads_every_file_and_says_why_one_cannot_be_read(tmp_path):
    good = tmp_path / "good.json"
    exchange.save(consistent_report("2021", 2023), good)
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    previous = consistent_report("2021", 2023, rng=random.Random(3))  # the same year: not last year's
    first, second = check_many([str(good), str(bad)], previous)
    assert first.report is not None and first.note.startswith("给出的上年度报告是 2023 年度的")
    assert second.report is None and "不是有效的 JSON" in second.error


def test_sum_refuses_reports_with_errors_unless_forced(tmp_path):
    paths = []
    for i, agency in enumerate(("甲局", "乙局")):
        path = tmp_path / f"{i}.json"
        exchange.save(consistent_report("2021", 2023, rng=random.Random(i), agency=agency), path)
        paths.append(path)
    broken = tmp_path / "broken.json"
    exchange.save(Report("丙局", 2023), broken)
    assert sum_files(paths).inputs == 2
    with pytest.raises(SumRefused, match="broken.json 有"):
        sum_files([*paths, broken])
    with pytest.raises(Unreadable):
        sum_files([tmp_path / "missing.json"])
