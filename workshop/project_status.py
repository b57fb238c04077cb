"""A mapped project's status in the UI language: the survey's word read as a known status.

The survey file says "käynnissä" or "planned" as its writers did; a hint shows it in the
reader's language when the word is one of the known ones, and as written otherwise.
"""

from workshop.i18n_markers import N_

# key → (label msgid, the words read as it: Finnish, Swedish and English, lower case)
STATUSES = {
    "running": (
        N_("running"),
        {"käynnissä", "käynnistetty", "toteutuksessa", "pågående", "pågår", "running", "ongoing"},
    ),
    "planned": (
        N_("planned"),
        {"suunnitteilla", "suunniteltu", "valmisteilla", "planerat", "planerad", "planned"},
    ),
    "ended": (
        N_("ended"),
        {
            "päättynyt",
            "päättyi",
            "valmis",
            "avslutat",
            "avslutad",
            "ended",
            "completed",
            "finished",
        },
    ),
}
_KEY_OF_WORD = {word: key for key, (_label, words) in STATUSES.items() for word in words}


def status_key(status: str | None) -> str | None:
    """Return the known status a survey's word stands for, or None when it is not known."""
    if not status:
        return None
    return _KEY_OF_WORD.get(" ".join(status.split()).lower().rstrip("."))


def status_labels() -> dict[str, str]:
    """Return {key: label msgid} of the known statuses."""
    return {key: label for key, (label, _words) in STATUSES.items()}
