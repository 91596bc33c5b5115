"""The report on paper: the PDF's pages keep every box inside the margins and never leave a
single bullet alone on a page; the HTML report has a print stylesheet, and a browser's
print of it has text from its first page on."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from browser import open_page
from tramas.ingest import load
from tramas.report import build, build_report
from tramas.sample import sample_dir

pytestmark = pytest.mark.slow  # every test here uses a report built for the module

#: Tolerance of the overflow check, in CSS px (rounding of the layout).
SLACK = 0.5


class Printed:
    """The sample's report with its PDF, and the HTML WeasyPrint laid out for it."""

    def __init__(self, out: Path) -> None:
        captured: list[str] = []
        write_pdf = build._write_pdf

        def capture(html: str, path: Path) -> Path:
            captured.append(html)
            return write_pdf(html, path)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(build, "_write_pdf", capture)
            self.result = build_report(
                load(sample_dir() / "study.toml"), out, pdf=True, null_samples=10
            )
        self.print_html = captured[0]
        from weasyprint import HTML

        self.document = HTML(string=self.print_html).render()


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Printed:
    return Printed(tmp_path_factory.mktemp("print") / "informe.html")


def _walk(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def test_every_box_of_every_pdf_page_is_inside_the_margins(printed):
    from weasyprint.formatting_structure import boxes

    assert len(printed.document.pages) > 10
    over = []
    for number, page in enumerate(printed.document.pages, 1):
        root = page._page_box
        left = root.content_box_x()
        right = left + root.width
        for box in _walk(root):
            if isinstance(box, boxes.MarginBox) or box is root:
                continue
            x = box.border_box_x()
            if x + box.border_width() > right + SLACK or x < left - SLACK:
                tag = box.element_tag
                table = box.element.get("data-table") if box.element is not None else None
                over.append((number, type(box).__name__, tag, table))
    assert over == []


def test_no_pdf_page_holds_a_lone_bullet(printed):
    """A page whose only content is (part of) one list item is a stray bullet."""
    from weasyprint.formatting_structure import boxes

    lone = []
    for number, page in enumerate(printed.document.pages, 1):
        items: set[int] = set()
        other = 0
        stack: list[tuple[Any, Any]] = [(page._page_box, None)]
        while stack:
            box, item = stack.pop()
            if isinstance(box, boxes.MarginBox):
                continue
            if box.element_tag == "li" and isinstance(box, boxes.BlockBox):
                item = box.element
            if isinstance(box, boxes.TextBox) and box.text.strip():
                if item is None:
                    other += 1
                else:
                    items.add(id(item))
            stack += [(child, item) for child in getattr(box, "children", None) or []]
        if len(items) == 1 and other == 0:
            lone.append(number)
    assert lone == []


def test_the_pdf_written_has_the_pages_laid_out(printed):
    info = subprocess.run(
        ["pdfinfo", str(printed.result.pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages == len(printed.document.pages)


def test_the_html_report_has_a_print_stylesheet(printed):
    soup = BeautifulSoup(printed.result.html.read_text(encoding="utf-8"), "html.parser")
    css = "".join(style.get_text() for style in soup.find_all("style"))
    assert "@media print" in css and "@page" in css
    rules = css[css.index("@media print") :]
    for needed in (".screen-only", ".print-only", "break-before: page", "break-inside: avoid"):
        assert needed in rules, needed
    # the interactive maps are screen-only; each has a static drawing for print
    frames = soup.select("iframe.map-frame")
    assert frames and all(f.find_parent(class_="screen-only") for f in frames)
    assert soup.select(".print-only figure.chart")


@pytest.mark.browser
def test_a_browser_prints_the_html_report_with_text_from_the_first_page(printed, tmp_path):
    pdf = tmp_path / "printed.pdf"
    with open_page(printed.result.html, viewport=(1400, 1000)) as page:
        page.page.emulate_media(media="print")
        page.page.pdf(path=str(pdf), format="A4", print_background=True)
        assert page.console_errors == [] and page.requests == []
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    assert len(pages) > 10
    first = pages[0]
    title = load(sample_dir() / "study.toml").study.title
    assert title.split(" (")[0] in " ".join(first.split())
    # the contents and the first findings' words are on paper, not a blank page
    assert len(first.split()) > 40
    blank = [n for n, p in enumerate(pages, 1) if len(p.split()) < 5]
    assert blank == []
