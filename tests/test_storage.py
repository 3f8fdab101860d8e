"""The storage API on real database files in a fresh temporary folder per test."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from nianbao import exchange
from nianbao.checker import check, count
from nianbao.model import Report, Unparsed
from storage.database_files import DAILY_KEEP
from storage.store import AUTOMATIC_SNAPSHOTS_KEPT, ReportNotFoundError, Store, resolve_data_dir

AGENCY = "某县民政局"


def last_year(year: int = 2022) -> Report:
    report = Report(agency=AGENCY, year=year)
    for column, n in (("natural", 3), ("commercial", 1), ("legal", 2), ("other", 0)):
        report.set_and_derive(f"t3.carried_out.{column}", n)
    report.set_and_derive("t3.new.natural", 7)
    report.set("t2.rules.in_force", 12)
    return report


def test_open_creates_the_file_in_wal_mode(tmp_path):
    with Store.open(tmp_path) as s:
        assert s.path == tmp_path / "nianbao.sqlite3"
        assert s.db.journal_mode == "wal"
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.list_reports() == []
    assert (tmp_path / "nianbao.sqlite3").exists()


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert (tmp_path / "flag").is_dir()
    assert resolve_data_dir() == tmp_path / "env"
    monkeypatch.delenv("NIANBAO_DATA_DIR")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name, appauthor: str(tmp_path / f"{name}-{appauthor}"))
    assert resolve_data_dir() == tmp_path / "Nianbao-False"


def test_round_trip_of_every_kind_of_value(store):
    report = last_year()
    report.set("t2.fees.amount", Decimal("0.012500"))
    report.set("t4.review.corrected", Unparsed("—", "不是数字"))
    report.texts = {"一": "总体情况", "五": "不足", "六": ""}
    report.preamble = "统计期限……"
    report_id, filled = store.create_report(report)
    assert filled == []
    loaded = store.load(report_id)
    assert exchange.to_dict(loaded) == exchange.to_dict(report)
    assert loaded.values["t2.fees.amount"] == Decimal("0.012500")
    assert str(loaded.values["t2.fees.amount"]) == "0.012500"
    assert loaded.values["t4.review.corrected"] == Unparsed("—", "不是数字")


def test_save_cell_text_meta_and_blank(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    store.save_cell(report_id, "t3.new.natural", 5)
    store.save_cells(report_id, {"t3.new.legal": 2, "t3.new.total": 7, "t2.fees.amount": Decimal("1.5")})
    store.save_text(report_id, "五", "存在的不足")
    store.save_meta(report_id, title="送审稿", preamble="前言", year=2023)
    store.save_cell(report_id, "t3.new.legal", None)
    loaded = store.load(report_id)
    # the total follows its parts in the store: 5 + 2, then 5 once 法人或其他组织 is blank again
    assert loaded.values == {"t3.new.natural": 5, "t3.new.total": 5, "t2.fees.amount": Decimal("1.5")}
    assert loaded.text("五") == "存在的不足"
    assert (loaded.title, loaded.preamble) == ("送审稿", "前言")


def test_bad_keys_and_types_are_refused_without_writing(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    with pytest.raises(KeyError):
        store.save_cells(report_id, {"t3.new.natural": 1, "t9.nothing": 1})
    with pytest.raises(TypeError):
        store.save_cell(report_id, "t3.new.natural", 1.5)
    with pytest.raises(KeyError):
        store.save_text(report_id, "二", "表格部分不是文字")
    with pytest.raises(TypeError):
        store.save_meta(report_id, edition="2019")
    with pytest.raises(ReportNotFoundError):
        store.save_cell(999, "t3.new.natural", 1)
    assert store.load(report_id).values == {}


def set_modified(store: Store, report_id: int, when: str) -> None:
    """Put ``modified`` in the past, so a write's timestamp is later whatever the clock's resolution."""
    store.db.execute("UPDATE reports SET modified = ? WHERE id = ?", (when, report_id))


def test_every_write_updates_modified_and_list_is_newest_first(store):
    a, _ = store.create_report(Report(agency="甲局", year=2023))
    b, _ = store.create_report(Report(agency="乙局", year=2023))
    set_modified(store, a, "2000-01-01T00:00:00.000000+00:00")
    set_modified(store, b, "2000-01-02T00:00:00.000000+00:00")
    assert [s.id for s in store.list_reports()] == [b, a]
    before = {s.id: s.modified for s in store.list_reports()}
    store.save_cell(a, "t3.new.natural", 1)
    assert [s.id for s in store.list_reports()] == [a, b]
    assert store.list_reports()[0].modified > before[a]
    for write in (
        lambda: store.save_text(b, "一", "x"),
        lambda: store.save_meta(b, title="t"),
        lambda: store.save_counts(b, 1, 2),
        lambda: store.rename(b, "丙局"),
    ):
        set_modified(store, b, "2000-01-01T00:00:00.000000+00:00")
        write()
        assert store.list_reports()[0].id == b


def test_summary_fields(store):
    report = last_year()
    report_id, _ = store.create_report(report)
    summary = store.list_reports()[0]
    assert (summary.id, summary.agency, summary.year, summary.edition) == (report_id, AGENCY, 2022, "2021")
    assert summary.title == "某县民政局2022年政府信息公开工作年度报告"
    assert (summary.errors, summary.warnings) == count(check(report))
    assert summary.modified.tzinfo is not None
    store.save_counts(report_id, 3, 4)
    assert (store.list_reports()[0].errors, store.list_reports()[0].warnings) == (3, 4)
    modified = store.list_reports()[0].modified
    store.save_counts(report_id, 3, 4)  # unchanged: not a modification
    assert store.list_reports()[0].modified == modified


def test_carry_forward_fills_last_years_carried_out_per_column(store):
    store.create_report(last_year(2022))
    this = Report(agency=AGENCY, year=2023)
    this_id, filled = store.create_report(this)
    expected = {
        "t3.carried_in.natural": 3,
        "t3.carried_in.commercial": 1,
        "t3.carried_in.legal": 2,
        "t3.carried_in.other": 0,
        "t3.carried_in.total": 6,
    }
    assert set(filled) == set(expected)
    assert store.load(this_id).values == expected
    assert this.values == expected  # the caller's report is filled too


def test_carry_forward_only_from_same_agency_previous_year_and_not_deleted(store):
    other_id, _ = store.create_report(Report(agency="别的局", year=2022, values={"t3.carried_out.natural": 9}))
    two_back, _ = store.create_report(last_year(2021))
    assert store.create_report(Report(agency=AGENCY, year=2023))[1] == []
    last_id, _ = store.create_report(last_year(2022))
    store.delete(last_id)
    assert store.create_report(Report(agency=AGENCY, year=2023))[1] == []
    assert store.create_report(Report(agency=AGENCY, year=2023), carry_forward=False)[1] == []
    store.restore(last_id)
    assert store.create_report(Report(agency=AGENCY, year=2023))[1] != []
    assert other_id and two_back


def test_carry_forward_leaves_values_already_there(store):
    store.create_report(last_year(2022))
    this = Report(agency=AGENCY, year=2023, values={"t3.carried_in.natural": 8})
    this_id, filled = store.create_report(this)
    assert "t3.carried_in.natural" not in filled
    assert store.load(this_id).values["t3.carried_in.natural"] == 8


def test_previous_year_and_find(store):
    last_id, _ = store.create_report(last_year(2022))
    this_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    assert store.find(AGENCY, 2022) == last_id
    assert store.find(AGENCY, 2024) is None
    previous = store.previous_year(this_id)
    assert previous is not None
    assert exchange.to_dict(previous) == exchange.to_dict(store.load(last_id))
    assert store.previous_year(last_id) is None


def test_counts_on_create_use_the_stored_previous_year(store):
    store.create_report(last_year(2022))
    this = Report(agency=AGENCY, year=2023, values={"t3.carried_in.natural": 8})
    this_id, _ = store.create_report(this)
    with_previous = count(check(store.load(this_id), store.previous_year(this_id)))
    summary = next(s for s in store.list_reports() if s.id == this_id)
    assert (summary.errors, summary.warnings) == with_previous
    assert with_previous != count(check(store.load(this_id)))  # X1 sees the mismatch


def test_soft_delete_and_restore(store):
    report_id, _ = store.create_report(last_year())
    store.delete(report_id)
    assert store.list_reports() == []
    trashed = store.list_reports(include_deleted=True)
    assert [(s.id, s.deleted) for s in trashed] == [(report_id, True)]
    assert store.find(AGENCY, 2022) is None
    assert store.load(report_id).values  # still there
    store.restore(report_id)
    assert [(s.id, s.deleted) for s in store.list_reports()] == [(report_id, False)]
    assert exchange.to_dict(store.load(report_id)) == exchange.to_dict(last_year())


def test_purge_only_from_trash(store):
    report_id, _ = store.create_report(last_year())
    store.snapshot(report_id, "a")
    with pytest.raises(Exception, match="回收站"):
        store.purge(report_id)
    store.delete(report_id)
    store.purge(report_id)
    assert store.list_reports(include_deleted=True) == []
    with pytest.raises(ReportNotFoundError):
        store.load(report_id)
    assert store.db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


def test_duplicate_same_year_is_a_full_copy(store):
    report = last_year()
    report.texts["一"] = "总体"
    report_id, _ = store.create_report(report)
    copy_id = store.duplicate(report_id)
    assert copy_id != report_id
    assert exchange.to_dict(store.load(copy_id)) == exchange.to_dict(store.load(report_id))


def test_duplicate_as_next_year_keeps_texts_and_carries_forward(store):
    report = last_year(2022)
    report.title = "某县民政局2022年政府信息公开工作年度报告"
    report.preamble = "统计期限自2022年1月1日起至2022年12月31日止。"
    report.texts = {"一": "总体情况", "五": "不足"}
    report_id, _ = store.create_report(report)
    next_id = store.duplicate(report_id, year=2023)
    copy = store.load(next_id)
    assert (copy.agency, copy.year, copy.edition) == (AGENCY, 2023, "2021")
    assert copy.title == "某县民政局2023年政府信息公开工作年度报告"
    assert copy.preamble == "统计期限自2023年1月1日起至2023年12月31日止。"
    assert copy.texts == {"一": "总体情况", "五": "不足"}
    assert copy.values["t3.carried_in.natural"] == 3
    assert "t3.new.natural" not in copy.values  # this year's numbers start blank
    assert "t2.rules.in_force" not in copy.values


def test_next_year_moves_only_years_not_document_numbers_or_phones(store):
    report = Report(agency=AGENCY, year=2021, title="某县民政局2021年度政府信息公开工作年度报告")
    report.preamble = (
        "本报告依据国办公开办函〔2021〕30号编制，统计期限为2021年1月1日至2021 年12月31日。"
        "联系电话：0576-82021888。档案号〔2021年〕5号，不是12021年。"
    )
    report_id, _ = store.create_report(report)
    copy = store.load(store.duplicate(report_id, year=2022))
    assert copy.title == "某县民政局2022年度政府信息公开工作年度报告"
    assert copy.preamble == (
        "本报告依据国办公开办函〔2021〕30号编制，统计期限为2022年1月1日至2022 年12月31日。"
        "联系电话：0576-82021888。档案号〔2021年〕5号，不是12021年。"
    )


def test_duplicate_into_the_2021_edition_from_2020(store):
    report = Report(agency=AGENCY, year=2020)
    report.set_and_derive("t3.carried_out.natural", 4)
    report_id, _ = store.create_report(report)
    assert report.edition == "2019"
    copy = store.load(store.duplicate(report_id, year=2021))
    assert copy.edition == "2021"
    assert copy.values["t3.carried_in.natural"] == 4


def test_snapshots_restore_is_undoable(store):
    report_id, _ = store.create_report(last_year())
    snap = store.snapshot(report_id, "送审稿 2027-01-10")
    store.save_cell(report_id, "t3.new.natural", 99)
    store.save_text(report_id, "一", "改过的正文")
    edited = exchange.to_dict(store.load(report_id))
    store.restore_snapshot(snap)
    assert exchange.to_dict(store.load(report_id)) == exchange.to_dict(last_year())
    snapshots = store.list_snapshots(report_id)
    assert len(snapshots) == 2
    assert snapshots[0].name.startswith("恢复“送审稿 2027-01-10”前自动保存")
    assert snapshots[1].name == "送审稿 2027-01-10"
    assert (snapshots[0].automatic, snapshots[1].automatic) == (True, False)
    assert snapshots[0].created >= snapshots[1].created
    store.restore_snapshot(snapshots[0].id)  # undo the restore
    assert exchange.to_dict(store.load(report_id)) == edited


def test_automatic_snapshot_on_export(store):
    report_id, _ = store.create_report(last_year())
    store.snapshot(report_id, "导出 Word 2027-01-10 09:30", automatic=True)
    (snap,) = store.list_snapshots(report_id)
    assert snap.automatic and snap.report_id == report_id


def test_only_the_latest_automatic_snapshots_are_kept(store):
    report_id, _ = store.create_report(last_year())
    store.snapshot(report_id, "送审稿")
    for i in range(AUTOMATIC_SNAPSHOTS_KEPT + 5):
        store.snapshot(report_id, f"导出 {i}", automatic=True)
    snapshots = store.list_snapshots(report_id)
    assert len(snapshots) == AUTOMATIC_SNAPSHOTS_KEPT + 1
    assert snapshots[0].name == f"导出 {AUTOMATIC_SNAPSHOTS_KEPT + 4}"
    assert snapshots[-1].name == "送审稿"  # the clerk's own are never removed


def test_snapshot_keeps_unparsed_reasons(store):
    report = last_year()
    report.set("t4.review.corrected", Unparsed("1.5", "应为整数"))
    report_id, _ = store.create_report(report)
    snap = store.snapshot(report_id, "a")
    store.save_cell(report_id, "t4.review.corrected", 1)
    store.restore_snapshot(snap)
    assert store.load(report_id).values["t4.review.corrected"] == Unparsed("1.5", "应为整数")


def test_replace_report_snapshots_first(store):
    report_id, _ = store.create_report(last_year())
    other = Report(agency=AGENCY, year=2022, values={"t3.new.legal": 4})
    store.replace_report(report_id, other)
    assert store.load(report_id).values == {"t3.new.legal": 4, "t3.new.total": 4}
    (snap,) = store.list_snapshots(report_id)
    store.restore_snapshot(snap.id)
    assert exchange.to_dict(store.load(report_id)) == exchange.to_dict(last_year())


def test_replace_keeps_cells_no_edition_knows(store):
    report_id, _ = store.create_report(last_year())
    store.db.execute(
        "INSERT INTO cells (report_id, key, value, unparsed) VALUES (?, 't9.future.cell', '5', NULL)", (report_id,)
    )
    store.replace_report(report_id, Report(agency=AGENCY, year=2022, values={"t3.new.legal": 4}))
    assert store.load(report_id).values == {"t3.new.legal": 4, "t3.new.total": 4}
    keys = [k for (k,) in store.db.execute("SELECT key FROM cells WHERE report_id = ?", (report_id,))]
    assert sorted(keys) == ["t3.new.legal", "t3.new.total", "t9.future.cell"]  # as _load promises: left untouched


def test_import_report_asks_replaces_or_keeps_both(store):
    from storage.store import ReportExistsError

    existing, _ = store.create_report(last_year())
    imported = Report(agency=AGENCY, year=2022, values={"t3.new.legal": 4})
    with pytest.raises(ReportExistsError) as asked:
        store.import_report(imported)  # "ask" is the default: nothing written
    assert asked.value.existing_id == existing and "已存在" in str(asked.value)
    assert store.list_snapshots(existing) == [] and len(store.list_reports()) == 1
    assert store.import_report(imported, "replace", "导入前") == (existing, True)
    assert store.load(existing).values == {"t3.new.legal": 4, "t3.new.total": 4}
    assert [s.name for s in store.list_snapshots(existing)] == ["导入前"]
    other, replaced = store.import_report(imported, "keep_both")
    assert other != existing and not replaced and len(store.list_reports()) == 2
    new_agency, replaced = store.import_report(Report(agency="乙局", year=2022))
    assert not replaced and store.load(new_agency).agency == "乙局"


def test_backup_is_a_consistent_openable_copy(store, tmp_path):
    report_id, _ = store.create_report(last_year())
    target = tmp_path / "copy" / "备份.sqlite3"
    target.parent.mkdir()
    store.backup(target)
    with Store.open(tmp_path / "other") as fresh:
        assert fresh.list_reports() == []
    (tmp_path / "restored").mkdir()
    (tmp_path / "restored" / "nianbao.sqlite3").write_bytes(target.read_bytes())
    with Store.open(tmp_path / "restored") as restored:
        assert exchange.to_dict(restored.load(report_id)) == exchange.to_dict(last_year())


def test_reopen_keeps_everything(tmp_path):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(last_year())
        s.save_cell(report_id, "t3.new.legal", 1)
    with Store.open(tmp_path) as s:
        assert s.load(report_id).values["t3.new.legal"] == 1


def test_daily_backup_is_made_at_open(tmp_path):
    with Store.open(tmp_path) as s:
        s.create_report(last_year())
    backups = list((tmp_path / "backups").glob("nianbao-????-??-??.sqlite3"))
    assert len(backups) == 1


def test_one_store_shared_by_threads(store):
    report_id, _ = store.create_report(Report(agency=AGENCY, year=2023))
    cells = store.load(report_id).spec.cells_by_key
    keys = [k for k, c in cells.items() if c.kind.is_integer and not c.computed][:40]
    errors: list[BaseException] = []

    def edit(offset: int) -> None:
        try:
            for i, key in enumerate(keys[offset::4]):
                store.save_cell(report_id, key, i + offset)
                store.load(report_id)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    values = store.load(report_id).values
    assert {k: values[k] for k in keys} == {k: i + n for n in range(4) for i, k in enumerate(keys[n::4])}


def test_x2_runs_against_the_stored_previous_year(store):
    store.create_report(last_year(2022))  # 现行有效件数 12
    this = Report(agency=AGENCY, year=2023)
    this.set("t2.rules.issued", 2)
    this.set("t2.rules.repealed", 1)
    this.set("t2.rules.in_force", 20)  # 12 + 2 - 1 = 13 expected
    this_id, _ = store.create_report(this)
    previous = store.previous_year(this_id)
    assert previous.values["t2.rules.in_force"] == 12
    assert any(f.rule == "X2" for f in check(store.load(this_id), previous))
    summary = next(s for s in store.list_reports() if s.id == this_id)
    assert (summary.errors, summary.warnings) == count(check(store.load(this_id), previous))


def test_relative_and_odd_folder_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    odd = "年报 数据 #1 ?%20&"
    with Store.open(odd) as s:
        assert s.path.is_absolute()
        report_id, _ = s.create_report(last_year())
        s.backup(tmp_path / odd / "副本 #2.sqlite3")
    with Store.open(tmp_path / odd) as s:  # reopening goes through the read-only inspection (a URI)
        assert s.load(report_id).values == last_year().values
    with Store.recover(f"{odd}/副本 #2.sqlite3", odd) as s:
        assert s.load(report_id).values == last_year().values


def test_daily_backups_are_pruned_but_other_copies_kept(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in range(1, DAILY_KEEP + 4):
        (folder / f"nianbao-2020-01-{day:02d}.sqlite3").write_bytes(b"")
    (folder / "nianbao-manual.sqlite3").write_bytes(b"")
    Store.open(tmp_path).close()
    dated = sorted(p.name for p in folder.glob("nianbao-????-??-??.sqlite3"))
    assert len(dated) == DAILY_KEEP and "nianbao-2020-01-01.sqlite3" not in dated  # today's is among them
    assert (folder / "nianbao-manual.sqlite3").exists()
