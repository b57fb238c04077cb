"""The Word document's page and look: A4 with the margins of a Finnish public-sector
document (SFS 2487-like: 25 mm left, 20 mm right), Arial 11 pt, black headings, the
running header and the footer "sivu 3 / 12" as PAGE and NUMPAGES fields, properties."""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Arial"
LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
SIZES = {"Normal": 11, "Title": 20, "Heading 1": 14, "Heading 2": 12, "Heading 3": 11}


def set_page(section) -> None:
    """Make the section A4 portrait with the public-sector margins."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.header_distance = section.footer_distance = Mm(12)
    section.different_first_page_header_footer = True  # the cover page has neither


def _font(style, size: int, language: str) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(language, language))


def set_styles(document, language: str) -> None:
    """Arial in every style used, black headings, the document's language for spelling."""
    for name, size in SIZES.items():
        style = document.styles[name]
        _font(style, size, language)
        if name != "Normal":
            style.font.bold = True
            style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
            style.paragraph_format.space_after = Pt(4)
    title = document.styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):  # the template's blue rule under the title
        title.remove(border)


def set_properties(document, *, title: str, author: str, subject: str, language: str, when):
    """Fill the document's properties (not "python-docx" as author or comment)."""
    properties = document.core_properties
    properties.title = title[:255]
    properties.author = properties.last_modified_by = author[:255]
    properties.subject = subject[:255]
    properties.language = LANGUAGE_TAGS.get(language, language)
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    properties.created = properties.modified = when.replace(tzinfo=None)


def field(paragraph, instruction: str, shown: str = "1") -> None:
    """Append a Word field (PAGE, NUMPAGES, TOC …) to a paragraph, showing `shown` until
    the application updates it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        r = OxmlElement("w:r")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r.append(char)
        paragraph._p.append(r)
    paragraph.add_run(shown)
    r = OxmlElement("w:r")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r.append(end)
    paragraph._p.append(r)


def header_and_footer(section, title: str, event: str, page_word: str) -> None:
    """Put the title in the running header and "sivu N / M" in the footer (not on the cover)."""
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run(f"{title}\t\t{event}" if event else title)
    run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(f"{page_word} ")
    field(footer, "PAGE")
    footer.add_run(" / ")
    field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(9)


def update_fields_on_open(document) -> None:
    """Ask Word and LibreOffice to update the fields (the table of contents) on opening."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def new_document(labels, *, title: str, author: str, subject: str, event: str, when):
    """Return an empty A4 document with the plan's styles, properties, running header,
    "page N / M" footer and fields updated on open (the plan and the follow-up share it)."""
    document = Document()
    section = document.sections[0]
    set_page(section)
    set_styles(document, labels.language)
    set_properties(
        document,
        title=title,
        author=author,
        subject=subject,
        language=labels.language,
        when=when,
    )
    header_and_footer(section, title, event, labels["page_word"])
    update_fields_on_open(document)
    return document
