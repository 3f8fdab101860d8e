"""Small dialogs: a new report (机关 and 年度; the edition follows the year)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from nianbao.editions import edition_for_year, get_edition


def edition_text(year: int) -> str:
    spec = get_edition(edition_for_year(year))
    return f"{spec.id}版（{spec.basis}，适用于{spec.years}）"


class NewReportDialog(QDialog):
    def __init__(self, agencies: list[str], parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        form = QFormLayout(self)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems(agencies)
        self.agency.lineEdit().setPlaceholderText("例如：某县民政局")
        self.year = QSpinBox()
        self.year.setRange(2019, 2100)
        self.year.setValue(year or date.today().year - 1)
        self.year.setSuffix(" 年度")
        self.edition = QLabel(edition_text(self.year.value()))
        self.year.valueChanged.connect(lambda y: self.edition.setText(edition_text(y)))
        form.addRow("机关名称", self.agency)
        form.addRow("年度", self.year)
        form.addRow("格式版本", self.edition)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def _accept(self) -> None:
        if self.agency.currentText().strip():
            self.accept()
        else:
            self.agency.setFocus()

    def values(self) -> tuple[str, int]:
        return self.agency.currentText().strip(), self.year.value()
