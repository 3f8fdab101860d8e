"""What the window says: questions and messages, as plain functions (tested without widgets)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from nianbao import APP_TITLE, __version__
from nianbao.checker import Finding
from nianbao.model import Report
from nianbao.naming import report_name
from nianbao.numbers import format_value

EMPTY_TEXT = "还没有报告。点击工具栏上的“新建”开始填写，或用“导入”读入已有的报告文件（Word、JSON）。"
EXPORT_LISTED = 12  # errors listed in the question before exporting
IMPORT_CHOICES = {"replace": "替换", "keep_both": "两份都保留"}  # and 取消


def about_text(data_file: Path | None) -> str:
    where = str(data_file) if data_file is not None else "（尚未打开）"
    return (
        f"{APP_TITLE}\n版本 {__version__}\n\n"
        "填写、核对并导出《政府信息公开工作年度报告》。\n\n"
        f"数据文件：{where}\n"
        "全部报告都保存在这一个文件中；同一文件夹下的 backups 中有每天的自动备份。"
    )


def usage_text() -> str:
    return (
        "一、填写\n"
        "点击“新建”，选择机关和年度（格式版本随年度自动确定）；上一年度的“结转下年度继续办理”会自动带入。"
        "报告按原文分为“基本信息”和一至六部分，逐页填写；灰色的“总计”由程序计算。\n\n"
        "二、键盘\n"
        "直接输入数字即开始编辑，可用全角数字和千分位逗号；回车向下（一列填完转到下一列的第一格），"
        "Tab / Shift+Tab 左右移动，方向键移动，Ctrl+Home / Ctrl+End 到第一个 / 最后一个要填的格；"
        "可输入加减算式（如 =60+4），存入计算结果；直接输入后按方向键即确认并移到相邻的格，按 F2 或双击进入单元格后 ← → 在数字中移动光标；"
        "Delete 清除；Ctrl+0（或右键菜单）把所选范围或整张表的空白格填 0；Ctrl+C 复制，Ctrl+V 粘贴从 Excel/WPS 复制的整块数据；"
        "Ctrl+Z 撤销，Ctrl+Y 重做（转到并选中改动的单元格）；Esc 放弃正在输入的内容。\n\n"
        "三、检查\n"
        "每输入一个数都重新检查勾稽关系：有错的单元格标红，下方“检查结果”列出全部错误和提示，点击即跳到对应位置。\n\n"
        "四、保存\n"
        "每次修改立即自动保存，无需“保存”按钮，关闭时也不会询问。“快照”可以保存某一版本，以后用“恢复快照”找回；"
        "误删的报告可以在“文件—回收站”中恢复。\n\n"
        "五、导出\n"
        "“导出 Word”按官方格式生成 .docx 文档；报告还有错误时先列出错误再询问，导出前自动保存一份快照。"
    )


def export_question(findings: list[Finding], name: str) -> str | None:
    """What to ask before exporting the report ``name`` with errors (None: nothing to ask)."""
    errors = [f for f in findings if f.is_error]
    if not errors:
        return None
    listing = "\n".join(f"· {f.message}" for f in errors[:EXPORT_LISTED])
    more = f"\n……共 {len(errors)} 项" if len(errors) > EXPORT_LISTED else ""
    return f"“{name}”中还有 {len(errors)} 项错误：\n{listing}{more}\n\n仍要导出吗？"


def exported_message(path: Path, errors: int) -> str:
    """What is said after 导出 Word: where the file is, and that it still has errors if it has."""
    said = f"已导出 Word 文档：{path}"
    if errors:
        said += f"\n注意：导出的报告中还有 {errors} 项错误，定稿前请改正。"
    return said


def exists_question(agency: str, year: int) -> str:
    """What to ask when a new report (新建, 复制为下一年度) would be a second one for the same 机关 and 年度."""
    return f"{agency}{year}年度的报告已经存在。\n\n要打开已有的“{report_name(agency, year)}”吗？"


def delete_question(name: str) -> str:
    return f"把“{name}”移到回收站吗？\n\n以后可以在“回收站”中恢复。"


def empty_trash_question(names: list[str]) -> str:
    listing = "、".join(names[:10]) + (f"等 {len(names)} 份" if len(names) > 10 else "")
    return f"彻底删除回收站中的 {len(names)} 份报告（{listing}）吗？\n\n彻底删除后不能恢复。"


def import_question(agency: str, year: int, file_name: str) -> str:
    """What to ask when an imported report's agency and year already have a report."""
    return (
        f"{agency}{year}年度的报告已经存在。\n\n"
        f"“替换”：用“{file_name}”的内容替换现有报告（替换前自动保存快照，可用“恢复快照”找回）；\n"
        "“两份都保留”：另存为一份新报告，现有报告不变。"
    )


def carry_message(report: Report, filled: list[str]) -> str:
    """Which cells carry-forward filled, as the clerk reads them: the row, then column and value."""
    cells = report.spec.cells_by_key
    entered = [cells[k] for k in filled if not cells[k].computed]
    if not entered:
        return ""
    values = "，".join(f"{c.col_label} {format_value(report.get(c.key))}" for c in entered)
    return f"已从{report.year - 1}年度报告带入“{entered[0].row_label}”：{values}"


def next_year_message(report: Report, carried: list[str]) -> str:
    text = f"已新建{report.year}年度报告：保留了正文和前言，表格数字为空"
    carry = carry_message(report, carried)
    return f"{text}；{carry}" if carry else text


def snapshot_label(name: str, created: datetime) -> str:
    """A snapshot as the restore list shows it: its name, and the time unless the name already says it."""
    when = f"{created.astimezone():%Y-%m-%d %H:%M}"
    return name if when in name else f"{name}（{when}）"
