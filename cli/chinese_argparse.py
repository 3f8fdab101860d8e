"""argparse in Simplified Chinese: the usage line, section titles, -h and the error messages.

argparse fetches each of its own strings through its module-level gettext ``_``;
routing that through this table translates what a user sees.  A string missing
here (a newer Python may add some) falls back to English rather than failing.
"""

from __future__ import annotations

import argparse
import gettext

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "ignored explicit argument %r": "多余的参数值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可用：%(choices)s）",
}
_ZH_PLURAL = {"expected %s argument": "需要 %s 个值"}


def _translate(message: str) -> str:
    return _ZH.get(message, gettext.gettext(message))


def _translate_plural(singular: str, plural: str, n: int) -> str:
    return _ZH_PLURAL.get(singular, gettext.ngettext(singular, plural, n))


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _translate_plural  # type: ignore[attr-defined]
