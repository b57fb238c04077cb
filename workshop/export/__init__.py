"""Exports of a workshop after the event (DESIGN.md, "organiser"): the implementation plan
per priority as a document and as data, each organisation's role, and a JSON file that a
later event imports to continue the same documents. No Flask here: `collect` reads the
database through a Session into plain dataclasses; the format modules render them."""

from workshop.export.data import ExportData, collect
from workshop.export.render import FORMATS, Rendered, UnknownFormat, render

__all__ = ["FORMATS", "ExportData", "Rendered", "UnknownFormat", "collect", "render"]
