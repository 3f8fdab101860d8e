"""The two editions of the statutory format, declared once.

Labels are copied character by character from the official format
(国办公开办函〔2021〕30号 and 国办公开办函〔2019〕60号): full-width （）：，,
half-width ``.`` after item numbers, curly quotes in ``3.危及“三安全一稳定”``,
ASCII ``/`` in the 2019 ``本年增/减``.  Everything else in the application is
generated from these declarations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from nianbao.spec import (
    Balance,
    Block,
    CellKind,
    DataBlock,
    DataCell,
    Edition,
    LabelBlock,
    Rule,
    SectionSpec,
    Sum,
    TableSpec,
)

DEFAULT_EDITION = "2021"
# The report years of each edition (first, last; None: still in force), apart from the editions so that
# naming the edition of a year builds none.
_YEARS: dict[str, tuple[int, int | None]] = {"2019": (2019, 2020), "2021": (2021, None)}

# ---------------------------------------------------------------- sections

_GUIDE_1 = (
    "这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《中华人民共和国政府信息公开条例》情况进行综述，"
    "一般按（一）主动公开、（二）依申请公开、（三）政府信息管理、（四）政府信息公开平台建设、（五）监督保障分段填写。"
)
_GUIDE_5 = "填写存在的主要问题、改进措施，以及上年度问题的整改情况。"


def _sections(guide_6: str) -> tuple[SectionSpec, ...]:
    return (
        SectionSpec("一", "一、总体情况", guide=_GUIDE_1, variants=("一、基本情况", "一、概述")),
        SectionSpec("二", "二、主动公开政府信息情况", "t2"),
        SectionSpec("三", "三、收到和处理政府信息公开申请情况", "t3"),
        # The wording of the older practice, still common in reports of 2021 and later.
        SectionSpec(
            "四",
            "四、政府信息公开行政复议、行政诉讼情况",
            "t4",
            variants=("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
        ),
        SectionSpec("五", "五、存在的主要问题及改进情况", guide=_GUIDE_5),
        SectionSpec("六", "六、其他需要报告的事项", guide=guide_6),
    )


# ---------------------------------------------------------------- table 二


@dataclass(frozen=True)
class _Column:
    id: str
    label: str
    kind: CellKind = CellKind.COUNT
    span: int = 1


@dataclass(frozen=True)
class _Group:
    """One item of Art. 20 in table 二: a title row, a header row, data rows."""

    title: str
    columns: tuple[_Column, ...]
    rows: tuple[tuple[str, str], ...]  # (row id, label)


def _groups_table(n_cols: int, groups: tuple[_Group, ...], widths: tuple[float, ...]) -> TableSpec:
    blocks: list[Block] = []
    cells: list[DataCell] = []
    r = 0
    for g in groups:
        blocks.append(LabelBlock(r, 0, colspan=n_cols, text=g.title))
        blocks.append(LabelBlock(r + 1, 0, text="信息内容"))
        c = 1
        for col in g.columns:
            blocks.append(LabelBlock(r + 1, c, colspan=col.span, text=col.label))
            c += col.span
        r += 2
        for row_id, row_label in g.rows:
            blocks.append(LabelBlock(r, 0, text=row_label))
            c = 1
            for col in g.columns:
                key = f"t2.{row_id}.{col.id}"
                blocks.append(DataBlock(row=r, col=c, colspan=col.span, key=key))
                cells.append(DataCell(key, "t2", "二", row_id, col.id, col.kind, row_label, col.label))
                c += col.span
            r += 1
    return TableSpec(
        id="t2",
        section="二",
        n_rows=r,
        n_cols=n_cols,
        blocks=tuple(blocks),
        cells=tuple(cells),
        font_pt=10.5,
        col_widths_mm=widths,
    )


_DECISIONS_2021 = (_Column("decisions", "本年处理决定数量", span=3),)


def _t2_2021() -> TableSpec:
    return _groups_table(
        4,
        (
            _Group(
                "第二十条第（一）项",
                (
                    _Column("issued", "本年制发件数"),
                    _Column("repealed", "本年废止件数"),
                    _Column("in_force", "现行有效件数"),
                ),
                (("rules", "规章"), ("normative", "行政规范性文件")),
            ),
            _Group("第二十条第（五）项", _DECISIONS_2021, (("licensing", "行政许可"),)),
            _Group("第二十条第（六）项", _DECISIONS_2021, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
            _Group(
                "第二十条第（八）项",
                (_Column("amount", "本年收费金额（单位：万元）", CellKind.FEE, span=3),),
                (("fees", "行政事业性收费"),),
            ),
        ),
        (48.0, 36.0, 36.0, 36.0),
    )


_ITEMS_2019 = (
    _Column("previous", "上一年项目数量"),
    _Column("change", "本年增/减", CellKind.SIGNED, span=2),
    _Column("decisions", "处理决定数量"),
)


def _t2_2019() -> TableSpec:
    return _groups_table(
        5,
        (
            _Group(
                "第二十条第（一）项",
                (
                    _Column("made", "本年新制作数量"),
                    _Column("published", "本年新公开数量", span=2),
                    _Column("total", "对外公开总数量"),
                ),
                (("rules", "规章"), ("normative", "规范性文件")),
            ),
            _Group(
                "第二十条第（五）项",
                _ITEMS_2019,
                (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
            ),
            _Group("第二十条第（六）项", _ITEMS_2019, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
            _Group(
                "第二十条第（八）项",
                (
                    _Column("previous", "上一年项目数量", span=2),
                    _Column("change", "本年增/减", CellKind.SIGNED, span=2),
                ),
                (("fees", "行政事业性收费"),),
            ),
            _Group(
                "第二十条第（九）项",
                (_Column("count", "采购项目数量", span=2), _Column("amount", "采购总金额", CellKind.AMOUNT, span=2)),
                (("procurement", "政府集中采购"),),
            ),
        ),
        (44.0, 28.0, 28.0, 28.0, 28.0),
    )


# ---------------------------------------------------------------- table 三

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_RESULTS = "三、本年度办理结果"

_T3_COLUMNS = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
)
_T3_APPLICANTS = tuple(c for c, _ in _T3_COLUMNS[:-1])

_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_T3_HEAD = (
    ("new", ("一、本年新收政府信息公开申请数量",)),
    ("carried_in", ("二、上年结转政府信息公开申请数量",)),
    ("granted", (_RESULTS, "（一）予以公开")),
    ("partial", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ("withheld_1", (_RESULTS, _WITHHELD, "1.属于国家秘密")),
    ("withheld_2", (_RESULTS, _WITHHELD, "2.其他法律行政法规禁止公开")),
    ("withheld_3", (_RESULTS, _WITHHELD, "3.危及“三安全一稳定”")),
    ("withheld_4", (_RESULTS, _WITHHELD, "4.保护第三方合法权益")),
    ("withheld_5", (_RESULTS, _WITHHELD, "5.属于三类内部事务信息")),
    ("withheld_6", (_RESULTS, _WITHHELD, "6.属于四类过程性信息")),
    ("withheld_7", (_RESULTS, _WITHHELD, "7.属于行政执法案卷")),
    ("withheld_8", (_RESULTS, _WITHHELD, "8.属于行政查询事项")),
    ("unavailable_1", (_RESULTS, _UNAVAILABLE, "1.本机关不掌握相关政府信息")),
    ("unavailable_2", (_RESULTS, _UNAVAILABLE, "2.没有现成信息需要另行制作")),
    ("unavailable_3", (_RESULTS, _UNAVAILABLE, "3.补正后申请内容仍不明确")),
    ("not_processed_1", (_RESULTS, _NOT_PROCESSED, "1.信访举报投诉类申请")),
    ("not_processed_2", (_RESULTS, _NOT_PROCESSED, "2.重复申请")),
    ("not_processed_3", (_RESULTS, _NOT_PROCESSED, "3.要求提供公开出版物")),
    ("not_processed_4", (_RESULTS, _NOT_PROCESSED, "4.无正当理由大量反复申请")),
    ("not_processed_5", (_RESULTS, _NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息")),
)
_T3_OTHER_2021 = (
    ("other_1", (_RESULTS, _OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")),
    ("other_2", (_RESULTS, _OTHER, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")),
    ("other_3", (_RESULTS, _OTHER, "3.其他")),
)
_T3_OTHER_2019 = (("other", (_RESULTS, _OTHER)),)
_T3_TAIL = (
    ("result_total", (_RESULTS, "（七）总计")),
    ("carried_out", ("四、结转下年度继续办理",)),
)

_T3_LABEL_COLS = 3
_T3_HEADER_ROWS = 3


def _t3_header_blocks() -> list[LabelBlock]:
    blocks = [
        LabelBlock(0, 0, 3, 3, T3_NOTE, header=True),
        LabelBlock(0, 3, 1, 7, "申请人情况", header=True),
        LabelBlock(1, 3, 2, 1, "自然人", header=True),
        LabelBlock(1, 4, 1, 5, "法人或其他组织", header=True),
        LabelBlock(1, 9, 2, 1, "总计", header=True),
    ]
    blocks += [LabelBlock(2, 4 + i, text=label, header=True) for i, (_, label) in enumerate(_T3_COLUMNS[1:6])]
    return blocks


_Rows = tuple[tuple[str, tuple[str, ...]], ...]  # (row id, label path)


def _row_label_blocks(rows: _Rows, top: int, width: int) -> list[LabelBlock]:
    """Row labels as nested paths: a shared prefix becomes a vertical merge, the
    last element of a path spans the remaining label columns."""
    blocks: list[LabelBlock] = []
    for i, (_, path) in enumerate(rows):
        for depth, label in enumerate(path):
            leaf = depth == len(path) - 1
            starts_run = i == 0 or rows[i - 1][1][: depth + 1] != path[: depth + 1]
            if leaf:
                blocks.append(LabelBlock(top + i, depth, colspan=width - depth, text=label))
            elif starts_run:
                run = 1
                while (
                    i + run < len(rows)
                    and rows[i + run][1][: depth + 1] == path[: depth + 1]
                    and len(rows[i + run][1]) > depth + 1
                ):
                    run += 1
                blocks.append(LabelBlock(top + i, depth, rowspan=run, text=label))
    return blocks


def _short_row_label(path: tuple[str, ...]) -> str:
    """The label a clerk names a row by: ``（三）不予公开·1.属于国家秘密``."""
    return "·".join(path[1:]) if path[0] == _RESULTS else path[0]


def _t3(rows: _Rows) -> tuple[TableSpec, tuple[Sum, ...], tuple[Balance, ...]]:
    labels = _t3_header_blocks() + _row_label_blocks(rows, _T3_HEADER_ROWS, _T3_LABEL_COLS)
    blocks: list[Block] = list(labels)
    cells = []
    for i, (row_id, path) in enumerate(rows):
        for j, (col_id, col_label) in enumerate(_T3_COLUMNS):
            key = f"t3.{row_id}.{col_id}"
            computed = col_id == "total" or row_id == "result_total"
            blocks.append(DataBlock(row=_T3_HEADER_ROWS + i, col=_T3_LABEL_COLS + j, key=key))
            cells.append(
                DataCell(key, "t3", "三", row_id, col_id, CellKind.COUNT, _short_row_label(path), col_label, computed)
            )
    table = TableSpec(
        id="t3",
        section="三",
        n_rows=_T3_HEADER_ROWS + len(rows),
        n_cols=_T3_LABEL_COLS + len(_T3_COLUMNS),
        blocks=tuple(blocks),
        cells=tuple(cells),
        header_rows=_T3_HEADER_ROWS,
        font_pt=9.0,
        col_widths_mm=(12.0, 15.0, 52.0) + (11.0,) * 7,
        note_block=labels[0],
    )
    item_rows = [r for r, path in rows if path[0] == _RESULTS and r != "result_total"]
    row_sums = tuple(Sum(Rule.R3_1, f"t3.{r}.total", tuple(f"t3.{r}.{c}" for c in _T3_APPLICANTS)) for r, _ in rows)
    col_sums = tuple(
        Sum(Rule.R3_2, f"t3.result_total.{c}", tuple(f"t3.{r}.{c}" for r in item_rows)) for c, _ in _T3_COLUMNS
    )
    balances = tuple(
        Balance(
            Rule.R3_3,
            (f"t3.new.{c}", f"t3.carried_in.{c}"),
            (f"t3.result_total.{c}", f"t3.carried_out.{c}"),
            "一、本年新收 + 二、上年结转",
            "（七）总计 + 四、结转下年度继续办理",
            label,
        )
        for c, label in _T3_COLUMNS
    )
    return table, row_sums + col_sums, balances


# ---------------------------------------------------------------- table 四

_T4_GROUPS = (
    ("review", "行政复议"),
    ("direct", "行政诉讼·未经复议直接起诉"),
    ("after_review", "行政诉讼·复议后起诉"),
)
_T4_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)


def _t4() -> tuple[TableSpec, tuple[Sum, ...]]:
    n = len(_T4_OUTCOMES)
    blocks: list[Block] = [
        LabelBlock(0, 0, 1, n, "行政复议", header=True),
        LabelBlock(0, n, 1, 2 * n, "行政诉讼", header=True),
        LabelBlock(1, n, 1, n, "未经复议直接起诉", header=True),
        LabelBlock(1, 2 * n, 1, n, "复议后起诉", header=True),
    ]
    blocks += [LabelBlock(1, j, 2, 1, label, header=True) for j, (_, label) in enumerate(_T4_OUTCOMES)]
    blocks += [LabelBlock(2, n + j, text=label, header=True) for j, (_, label) in enumerate(_T4_OUTCOMES * 2)]
    cells = []
    sums = []
    for g, (group_id, group_label) in enumerate(_T4_GROUPS):
        for j, (outcome_id, outcome_label) in enumerate(_T4_OUTCOMES):
            key = f"t4.{group_id}.{outcome_id}"
            blocks.append(DataBlock(row=3, col=g * n + j, key=key))
            computed = outcome_id == "total"
            cells.append(
                DataCell(key, "t4", "四", group_id, outcome_id, CellKind.COUNT, group_label, outcome_label, computed)
            )
        parts = tuple(f"t4.{group_id}.{o}" for o, _ in _T4_OUTCOMES[:-1])
        sums.append(Sum(Rule.R4_1, f"t4.{group_id}.total", parts))
    table = TableSpec(
        id="t4",
        section="四",
        n_rows=4,
        n_cols=3 * n,
        blocks=tuple(blocks),
        cells=tuple(cells),
        header_rows=3,
        font_pt=9.0,
        col_widths_mm=(156.0 / 15,) * 15,
    )
    return table, tuple(sums)


# ---------------------------------------------------------------- editions

# The totals a narrative quotes (T1), by the quantity ids of nianbao.narrative.
_QUOTED_TOTALS = {
    "new": ("t3.new.total",),
    "carried_in": ("t3.carried_in.total",),
    "result_total": ("t3.result_total.total",),
    "carried_out": ("t3.carried_out.total",),
    "review": ("t4.review.total",),
    "litigation": ("t4.direct.total", "t4.after_review.total"),
}

_CARRY = tuple((f"t3.carried_in.{c}", f"t3.carried_out.{c}") for c, _ in _T3_COLUMNS)


_FEE_KEYWORD = "信息处理费"
_FEE_HINT = "应报告信息处理费的收取情况（未收取也应写明，如“本年度未收取信息处理费。”）"


def _build_2021() -> Edition:
    t3, t3_sums, balances = _t3(_T3_HEAD + _T3_OTHER_2021 + _T3_TAIL)
    t4, t4_sums = _t4()
    return Edition(
        id="2021",
        name="《中华人民共和国政府信息公开工作年度报告格式》",
        basis="国办公开办函〔2021〕30号",
        first_year=_YEARS["2021"][0],
        last_year=_YEARS["2021"][1],
        sections=_sections(f"{_FEE_HINT}，以及其他需要报告的事项。"),
        tables=(_t2_2021(), t3, t4),
        sums=t3_sums + t4_sums,
        balances=balances,
        carry_in=_CARRY,
        stock=(
            ("t2.rules.in_force", "t2.rules.issued", "t2.rules.repealed"),
            ("t2.normative.in_force", "t2.normative.issued", "t2.normative.repealed"),
        ),
        fee_section="六",
        fee_keyword=_FEE_KEYWORD,
        fee_hint=_FEE_HINT,
        quoted_totals={**_QUOTED_TOTALS, "fees": ("t2.fees.amount",)},
        undivided=((_OTHER, "other_3"),),
    )


def _build_2019() -> Edition:
    t3, t3_sums, balances = _t3(_T3_HEAD + _T3_OTHER_2019 + _T3_TAIL)
    t4, t4_sums = _t4()
    return Edition(
        id="2019",
        name="《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        basis="国办公开办函〔2019〕60号",
        first_year=_YEARS["2019"][0],
        last_year=_YEARS["2019"][1],
        sections=_sections("填写其他需要报告的事项；没有的可写“无”。"),
        tables=(_t2_2019(), t3, t4),
        sums=t3_sums + t4_sums,
        balances=balances,
        carry_in=_CARRY,
        quoted_totals=_QUOTED_TOTALS,
    )


class _Editions(Mapping[str, Edition]):
    """The editions by id, each built on first use (importing the core stays cheap)."""

    _builders = {"2021": _build_2021, "2019": _build_2019}

    def __init__(self) -> None:
        self._built: dict[str, Edition] = {}

    def __getitem__(self, edition_id: str) -> Edition:
        if edition_id not in self._built:
            self._built[edition_id] = self._builders[edition_id]()
        return self._built[edition_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


EDITIONS: Mapping[str, Edition] = _Editions()


FIRST_YEAR = min(first for first, _ in _YEARS.values())


def edition_for_year(year: int) -> str:
    """The edition the year's report must use (the earliest for a year before every edition)."""
    for edition_id, (first, last) in _YEARS.items():
        if first <= year and (last is None or year <= last):
            return edition_id
    return min(_YEARS, key=lambda e: _YEARS[e][0])


def year_problem(year: int, today: date | None = None) -> str | None:
    """Why a report cannot be for ``year`` (None: it can) — the one rule for new reports, imports and files.

    A report is written after its year has ended, but a draft of the current year may be started.
    """
    current = (today or date.today()).year
    if year < FIRST_YEAR:
        return f"{year}年度早于现行年报格式（{FIRST_YEAR}年度起适用），本程序不能处理"
    if year > current:
        return (
            f"{year}年度还未结束：年度报告在该年度结束后编写，现在是{current}年。"
            f"（可以新建{current}年度的报告，先准备草稿。）"
        )
    return None


def get_edition(edition_id: str) -> Edition:
    try:
        return EDITIONS[edition_id]
    except KeyError:
        raise KeyError(f"未知的格式版本：{edition_id}（可用：{'、'.join(EDITIONS)}）") from None
