"""Aihio: live co-editing of project idea drafts at regional strategy workshop sprints.

The package stays light at import time so that the `aihio serve` entry point can
monkey-patch eventlet before Flask, SQLAlchemy or redis are imported.
"""


def create_app(*args, **kwargs):
    """Create the Flask application (see `workshop.app.create_app`)."""
    from workshop.app import create_app as _create_app

    return _create_app(*args, **kwargs)
