"""Text from Word, WPS, the web and Qt made safe for storage, .docx and file names."""

from __future__ import annotations

import pytest

from nianbao.text import clean_text, next_year_text, paragraphs, safe_filename


def test_clean_text_keeps_paragraphs_and_drops_control_characters():
    assert clean_text("一\r\n二\u2029三\x0b四\x00\x07五\ud800") == "一\n二\n三\n四五"
    assert paragraphs("  第一段 \n\n\u3000第二段\u3000\n") == ["第一段", "第二段"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("某县民政局2023年政府信息公开工作年度报告", "某县民政局2023年政府信息公开工作年度报告"),
        ('某局<"a/b\\c|d?*>:', "某局abcd"),
        ("某局\n第二行\x07", "某局第二行"),
        ("  某局. ", "某局"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("///", "报告"),
    ],
)
def test_safe_filename_is_accepted_by_windows(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("统计期限为2021年1月1日至2021年12月31日", "统计期限为2022年1月1日至2022年12月31日"),
        ("某局2021 年度报告", "某局2022 年度报告"),
        ("依据国办公开办函〔2021〕30号", "依据国办公开办函〔2021〕30号"),
        ("文号〔2021年〕5号", "文号〔2021年〕5号"),
        ("电话0576-82021888", "电话0576-82021888"),
        ("12021年", "12021年"),
    ],
)
def test_next_year_moves_only_years(text, expected):
    assert next_year_text(text, 2021, 2022) == expected
