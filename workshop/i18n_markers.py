"""Translation markers for modules that must not import Flask.

`N_` marks a string for extraction (pybabel keyword `N_`) and returns it unchanged;
the edge translates it with `gettext` when it renders.
"""


def N_(message: str) -> str:  # noqa: N802 - the conventional name of the marker
    """Mark a message for translation without translating it."""
    return message
