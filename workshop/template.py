"""The idea template: one root-level Y.Text per field, labels and hints in Finnish and
English (and Swedish for the defaults). The workshop keeps its own copy (settings["template"]) that the facilitator
may edit; these are the defaults (DESIGN.md, "Idea document")."""

import re
from dataclasses import dataclass

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_


@dataclass(frozen=True)
class Field:
    key: str
    label: dict[str, str]
    hint: dict[str, str]

    def label_in(self, language: str) -> str:
        return self.label.get(language) or self._default("label", language) or self.key

    def hint_in(self, language: str) -> str:
        return self.hint.get(language) or self._default("hint", language) or ""

    def _default(self, part: str, language: str) -> str:
        """A language the workshop's copy lacks (Swedish, in templates saved before it):
        the default's text when this field is the default unchanged, else the Finnish."""
        own = getattr(self, part)
        default = DEFAULT_BY_KEY.get(self.key)
        if default is not None and getattr(default, part).get("fi") == own.get("fi"):
            return getattr(default, part).get(language) or own.get("fi", "")
        return own.get("fi", "")

    def to_dict(self) -> dict:
        return {"key": self.key, "label": dict(self.label), "hint": dict(self.hint)}


def _f(key, fi, en, hint_fi, hint_en, sv=None, hint_sv=None) -> Field:
    label, hint = {"fi": fi, "en": en}, {"fi": hint_fi, "en": hint_en}
    if sv:
        label["sv"], hint["sv"] = sv, hint_sv
    return Field(key, label, hint)


DEFAULT_FIELDS: tuple[Field, ...] = (
    _f(
        "title",
        "Hankeaihion nimi",
        "Title",
        "Lyhyt, kuvaava nimi.",
        "A short, descriptive name.",
        "Projektidéns namn",
        "Ett kort, beskrivande namn.",
    ),
    _f(
        "need",
        "Tarve",
        "Need",
        "Mihin ongelmaan tai tarpeeseen hanke vastaa?",
        "Which problem or need does it answer?",
        "Behov",
        "Vilket problem eller behov svarar projektet på?",
    ),
    _f(
        "goals",
        "Tavoitteet",
        "Goals",
        "Mitä hanke saa aikaan? Mitä strategian tavoitetta se edistää?",
        "What will it achieve? Which strategy goal does it serve?",
        "Mål",
        "Vad åstadkommer projektet? Vilket av strategins mål främjar det?",
    ),
    _f(
        "actions",
        "Toimenpiteet",
        "Actions",
        "Konkreettiset toimet, yksi per rivi.",
        "Concrete actions, one per line.",
        "Åtgärder",
        "Konkreta åtgärder, en per rad.",
    ),
    _f(
        "lead",
        "Vastuuorganisaatio",
        "Lead organisation",
        "Kuka vastaa hankkeesta?",
        "Who is responsible?",
        "Ansvarig organisation",
        "Vem ansvarar för projektet?",
    ),
    _f(
        "partners",
        "Kumppanit",
        "Partners",
        "Organisaatiot, yksi per rivi.",
        "Organisations, one per line.",
        "Partner",
        "Organisationer, en per rad.",
    ),
    _f(
        "schedule",
        "Aikataulu",
        "Schedule",
        "Milloin? Esim. 2025–2027.",
        "When? E.g. 2025–2027.",
        "Tidtabell",
        "När? T.ex. 2025–2027.",
    ),
    _f(
        "funding",
        "Rahoitus",
        "Funding",
        "Mahdolliset rahoituslähteet.",
        "Possible sources of funding.",
        "Finansiering",
        "Möjliga finansieringskällor.",
    ),
    _f(
        "budget",
        "Budjetti",
        "Budget",
        "Arvio kokonaiskustannuksista.",
        "Estimate of the total cost.",
        "Budget",
        "Uppskattning av den totala kostnaden.",
    ),
    _f(
        "results",
        "Tulokset ja vaikutukset",
        "Results and impact",
        "Mitä jää hankkeen jälkeen?",
        "What remains after the project?",
        "Resultat och effekter",
        "Vad blir kvar efter projektet?",
    ),
)

DEFAULT_BY_KEY = {f.key: f for f in DEFAULT_FIELDS}

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
MAX_FIELDS = 20
LABEL_MAX = 80
HINT_MAX = 300


def fields_of(settings: dict | None) -> list[Field]:
    """Return the workshop's template fields (the defaults when it has none)."""
    stored = (settings or {}).get("template")
    if not stored:
        return list(DEFAULT_FIELDS)
    return [Field(f["key"], dict(f["label"]), dict(f.get("hint") or {})) for f in stored]


def field_keys(settings: dict | None) -> list[str]:
    return [f.key for f in fields_of(settings)]


def validate_template(raw: object) -> list[dict]:
    """Return a clean template (list of field dicts) or raise ValidationFailed."""
    if not isinstance(raw, list) or not raw:
        raise ValidationFailed(
            N_("Give the template as a list of fields."),
            fields={"template": N_("Add at least one field.")},
        )
    if len(raw) > MAX_FIELDS:
        raise ValidationFailed(
            N_("A template has at most 20 fields."),
            fields={"template": N_("Remove fields: at most 20.")},
        )
    clean, seen, errors = [], set(), {}
    for index, item in enumerate(raw):
        item = item if isinstance(item, dict) else {}
        key = item.get("key") if isinstance(item.get("key"), str) else ""
        label = item.get("label") if isinstance(item.get("label"), dict) else {}
        hint = item.get("hint") if isinstance(item.get("hint"), dict) else {}
        if not KEY_RE.match(key) or key in seen:
            errors[f"template[{index}].key"] = N_(
                "Use a unique key of lower-case letters, digits and _ (at most 32)."
            )
        given_label, given_hint = label, hint
        label = {lang: " ".join(str(label.get(lang) or "").split()) for lang in ("fi", "en")}
        hint = {lang: " ".join(str(hint.get(lang) or "").split()) for lang in ("fi", "en")}
        # Swedish is optional: kept when given (a missing one falls back, see Field).
        for given, clean_part in ((given_label, label), (given_hint, hint)):
            swedish = " ".join(str(given.get("sv") or "").split())
            if swedish:
                clean_part["sv"] = swedish
        if not label["fi"] or not label["en"] or max(map(len, label.values())) > LABEL_MAX:
            errors[f"template[{index}].label"] = N_(
                "Give a Finnish and an English label of at most 80 characters."
            )
        if max(map(len, hint.values())) > HINT_MAX:
            errors[f"template[{index}].hint"] = N_("Shorten the hints to at most 300 characters.")
        seen.add(key)
        clean.append({"key": key, "label": label, "hint": hint})
    if "title" not in seen:
        errors["template"] = N_("Keep the field with the key title: it names the idea.")
    if errors:
        raise ValidationFailed(N_("Check the fields marked below."), fields=errors)
    return clean
