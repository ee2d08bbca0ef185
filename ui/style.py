"""Colours and the style sheet that give fields their CWS/CMS meaning.

CWS/CMS colours carry meaning: yellow fields are mandatory, blue-bordered fields are
read-only, the Referral Management section is green and Placement Management red
(ACL 15-49, Attachment A). Colour is never the only sign: sections always show their
names, and mandatory fields say so in their tooltip and accessible description.
"""

from __future__ import annotations

MANDATORY_YELLOW = "#fff27a"
READ_ONLY_BLUE = "#1f4e9c"
REFERRAL_MANAGEMENT_GREEN = "#1d6b3a"
PLACEMENT_MANAGEMENT_RED = "#a3201d"
CASE_MANAGEMENT_GREY = "#4a5563"  # its real colour is not published (DOMAIN.md §3)
TRAINING_BANNER = "#f2a900"
ERROR_RED = "#c0141b"
# The keyboard's place: 2 px, near-black on white, yellow and grey (contrast above 15:1),
# unlike the 1 px blue of read-only fields and the red of a refused value.
FOCUS_RING = "#000000"
SELECTION_BLUE = "#0b3d91"  # a list's selected item: white on dark blue (about 11:1)

SECTION_COLOURS = {
    "Referral Management": REFERRAL_MANAGEMENT_GREEN,
    "Placement Management": PLACEMENT_MANAGEMENT_RED,
    "Case Management": CASE_MANAGEMENT_GREY,
}

FOCUS_STYLE = f"""
QPushButton {{
    border: 1px solid #767676;
    border-radius: 3px;
    background-color: #f3f3f3;
    color: #000000;
    padding: 4px 10px;
    min-height: 16px;
}}
QPushButton:hover {{
    background-color: #e6eef9;
}}
QPushButton:pressed, QPushButton:checked {{
    background-color: #d5dbe5;
}}
QPushButton:default {{
    border: 1px solid {READ_ONLY_BLUE};
    font-weight: bold;
}}
QPushButton:disabled {{
    color: #6d6d6d;
    background-color: #f7f7f7;
    border-color: #b5b5b5;
}}
QPushButton:focus {{
    border: 2px solid {FOCUS_RING};
    padding: 3px 9px;
}}
QLineEdit, QComboBox {{
    border: 1px solid #767676;
    padding: 2px 3px;
}}
QLineEdit:focus, QComboBox:focus {{
    border: 2px solid {FOCUS_RING};
    padding: 1px 2px;
}}
QComboBox QAbstractItemView {{
    background-color: #ffffff;
    color: #000000;
    selection-background-color: {SELECTION_BLUE};
    selection-color: #ffffff;
}}
QAbstractItemView {{
    selection-background-color: {SELECTION_BLUE};
    selection-color: #ffffff;
}}
QTreeView, QTableView, QListView, QTextEdit, QScrollArea {{
    border: 1px solid #8a8a8a;
    padding: 1px;
}}
QTreeView:focus, QTableView:focus, QListView:focus, QTextEdit:focus, QScrollArea:focus {{
    border: 2px solid {FOCUS_RING};
    padding: 0px;
}}
QTreeView::item:focus, QTableView::item:focus, QListView::item:focus {{
    border: 2px solid {FOCUS_RING};
}}
QTreeView::item:selected, QTableView::item:selected, QListView::item:selected {{
    background-color: {SELECTION_BLUE};
    color: #ffffff;
}}
QTabBar::tab:focus {{
    border: 2px solid {FOCUS_RING};
}}
QRadioButton, QCheckBox, QLabel[focusable="true"] {{
    border: 2px solid transparent;
    padding: 1px;
}}
QRadioButton:focus, QCheckBox:focus, QLabel:focus {{
    border: 2px solid {FOCUS_RING};
    padding: 1px;
}}
"""

STYLE_SHEET = (
    FOCUS_STYLE
    + f"""
QLineEdit[mandatory="true"], QComboBox[mandatory="true"] {{
    background-color: {MANDATORY_YELLOW};
}}
QLineEdit[readOnly="true"] {{
    border: 1px solid {READ_ONLY_BLUE};
    color: {READ_ONLY_BLUE};
    background-color: #f4f7fc;
}}
QLineEdit[fieldError="true"], QComboBox[fieldError="true"] {{
    border: 2px solid {ERROR_RED};
}}
QLineEdit[fieldError="true"]:focus, QComboBox[fieldError="true"]:focus {{
    border: 2px dashed {FOCUS_RING};
    background-color: #fde8e8;
}}
QLabel#trainingBanner, QLabel#emptyState {{
    qproperty-alignment: AlignCenter;
}}
QLabel#trainingBanner {{
    background-color: {TRAINING_BANNER};
    color: #000000;
    font-weight: bold;
    padding: 4px 8px;
}}
QLabel#messageLine {{
    background-color: #fde8e8;
    color: #7a0c10;
    border: 1px solid {ERROR_RED};
    padding: 3px 6px;
}}
QLabel#messageLine[kind="info"] {{
    background-color: #e8f3ea;
    color: #103d1f;
    border: 1px solid {REFERRAL_MANAGEMENT_GREEN};
}}
QLabel#modeBanner {{
    background-color: #e6eef9;
    color: #0f2d5c;
    border-bottom: 1px solid {READ_ONLY_BLUE};
    padding: 3px 8px;
}}
QLabel#modeBanner[mode="assessment"] {{
    background-color: #f3e9fb;
    color: #3d1060;
    border-bottom: 1px solid #5b2a86;
    font-weight: bold;
}}
QLabel#modeBanner[mode="submitted"] {{
    background-color: #eeeeee;
    color: #222222;
    border-bottom: 1px solid #777777;
}}
QFrame#guideBar {{
    background-color: #fff6d6;
    border: 2px solid {TRAINING_BANNER};
}}
QLabel#guideStep {{
    font-weight: bold;
}}
QLabel#guideHint {{
    color: #7a0c10;
}}
QLabel#notebookTitle {{
    font-weight: bold;
    padding: 2px 2px;
}}
"""
)


def section_band_style(colour: str) -> str:
    """The style of a section's name band: white bold text on the section colour."""
    return f"background-color: {colour}; color: #ffffff; font-weight: bold; padding: 3px 8px;"
