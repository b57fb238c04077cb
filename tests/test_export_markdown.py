"""The Markdown plan, read by a real CommonMark renderer (markdown-it-py): what people
wrote comes out as the very text they wrote, never as markup or HTML."""

import html
import re

import sqlalchemy as sa
from markdown_it import MarkdownIt
from test_export import build_workshop, write

from workshop.collab.store import Author
from workshop.export import collect, render
from workshop.extensions import db
from workshop.models import Idea

NASTY_TITLE = "<script>alert(1)</script> *tärkeä* _idea_ [linkki](http://example.com)"
NASTY_NEED = "# Ei otsikko\n- ei lista\n2024. ei numeroitu\n> ei lainaus\nA | B & C `koodi`"


def rendered(app, facilitator) -> str:
    workshop = build_workshop(db.session, facilitator)
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == workshop.id)).first()
    write(db.session, idea, Author(facilitator_id=facilitator.id), {
        "title": NASTY_TITLE,
        "need": NASTY_NEED,
    })  # fmt: skip
    db.session.commit()
    markdown = render(collect(db.session, workshop.id), "md").body.decode()
    return MarkdownIt("commonmark").render(markdown)


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_user_text_becomes_no_html_and_no_markup(app, facilitator):
    page = rendered(app, facilitator)
    assert "<script>" not in page
    assert "<em>tärkeä</em>" not in page and "<a href" not in page
    assert "<h1>Ei otsikko" not in page and "<li>ei lista" not in page
    assert "<ol" not in page and "<blockquote>" not in page and "<code>" not in page


def test_user_text_reads_exactly_as_written(app, facilitator):
    page = rendered(app, facilitator)
    heading = re.search(r"<h3>(1\. .*?)</h3>", page).group(1)  # ranked first, its status after
    assert text_of(heading) == f"1. {NASTY_TITLE} (Luonnos)"
    need = text_of(page)
    for line in NASTY_NEED.splitlines():
        assert line in need, line
