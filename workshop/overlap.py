"""Overlap hints: which mapped projects and other drafts a draft resembles.

Character n-grams (3–5, within word boundaries) weighted by sublinear TF-IDF and compared
by cosine similarity: they match Finnish inflections and compounds ("kylmätestausympäristö"
~ "testausympäristöt kylmissä olosuhteissa") without a stemmer, and English as well.
The threshold was chosen on tests/data/overlap_pairs.csv (docs/overlap.md). No Flask here.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from workshop import glossary

# Pairs scoring at least this are "overlapping" (measured in docs/overlap.md).
THRESHOLD = 0.34
# Texts in different languages: pairs whose glossary concepts agree at least this much.
CROSS_THRESHOLD = 0.5
DRAFT_FIELDS = ("title", "need", "goals", "actions")
# Below this many projects the drafts join the corpus the weights are learnt from.
MIN_BACKGROUND = 50
_CACHE_SIZE = 8
_VECTOR_CACHE_SIZE = 5000


@dataclass(frozen=True)
class Match:
    kind: str  # "project" or "idea"
    id: int
    score: float


def draft_text(fields: Mapping[str, str], title: str = "") -> str:
    """Return the text a draft is compared by: title, need, goals and actions."""
    parts = [fields.get(key) or "" for key in DRAFT_FIELDS]
    if title and not parts[0]:
        parts[0] = title
    return "\n".join(p for p in parts if p.strip())


def project_text(title: str, description: str) -> str:
    """Return the text a mapped project is compared by: its title and description."""
    return f"{title}\n{description}".strip()


def new_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, norm="l2", lowercase=True
    )


class Index:
    """Project texts vectorised once; drafts are projected into the same space.
    Draft vectors are cached by text: during a workshop most drafts stand still.

    Beside the character n-grams, each text's language and the glossary concepts it names
    (workshop/glossary.py) are kept: texts in different languages are compared by those."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer = new_vectorizer()
        self.matrix = self.vectorizer.fit_transform(texts) if texts else None
        self.languages = [glossary.language(t) for t in texts]
        self.concept_vectorizer = new_concept_vectorizer()
        try:
            self.concept_matrix = self.concept_vectorizer.fit_transform(
                [glossary.concepts(t, lang) for t, lang in zip(texts, self.languages, strict=True)]
            )
        except ValueError:  # no text names any concept
            self.concept_vectorizer = self.concept_matrix = None
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()

    def vectors(self, texts: Sequence[str]) -> Vectors:
        """Return the rows of `texts`, transforming only unseen texts."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            chars = self.vectorizer.transform(missing)
            languages = [glossary.language(t) for t in missing]
            concepts = self.concept_rows(missing, languages)
            for i, text in enumerate(missing):
                self._vectors[text] = Vectors(
                    chars[i], (languages[i],), None if concepts is None else concepts[i]
                )
            while len(self._vectors) > _VECTOR_CACHE_SIZE:
                self._vectors.popitem(last=False)
        rows = [self._vectors[t] for t in texts]
        return Vectors(
            sp.vstack([r.chars for r in rows], format="csr"),
            tuple(r.languages[0] for r in rows),
            None if self.concept_vectorizer is None else sp.vstack([r.concepts for r in rows]),
        )

    def concept_rows(self, texts: Sequence[str], languages: Sequence[str]):
        if self.concept_vectorizer is None:
            return None
        return self.concept_vectorizer.transform(
            [glossary.concepts(t, lang) for t, lang in zip(texts, languages, strict=True)]
        ).tocsr()

    def projects(self, count: int) -> Vectors:
        """Return the first `count` rows the index was learnt from (the projects)."""
        return Vectors(
            self.matrix[:count],
            tuple(self.languages[:count]),
            None if self.concept_matrix is None else self.concept_matrix[:count],
        )

    def scores(self, rows: Vectors, draft: Vectors):
        """Return the similarity of each row to the one draft (see `score_matrix`)."""
        return score_matrix(rows, draft)[:, 0]


@dataclass(frozen=True)
class Vectors:
    """Rows of texts: character n-gram vectors, languages, glossary concept vectors."""

    chars: object
    languages: tuple[str, ...]
    concepts: object | None


def score_matrix(rows: Vectors, queries: Vectors) -> np.ndarray:
    """Return the similarity of every row to every query (rows × queries): by character
    n-grams within a language, by shared glossary concepts across languages, scaled so
    that CROSS_THRESHOLD there counts as THRESHOLD here."""
    scores = rows.chars @ queries.chars.T
    scores = np.asarray(scores.toarray(), dtype=np.float64)
    cross = (
        np.array(rows.languages, dtype=object)[:, None]
        != np.array(queries.languages, dtype=object)[None, :]
    )
    if cross.any():
        concept = np.zeros_like(scores)
        if rows.concepts is not None and queries.concepts is not None:
            concept = np.asarray((rows.concepts @ queries.concepts.T).toarray(), dtype=np.float64)
        scores = np.where(cross, concept * (THRESHOLD / CROSS_THRESHOLD), scores)
    return scores


def new_concept_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_as_is, sublinear_tf=True, norm="l2")


def _as_is(concepts: list[str]) -> list[str]:
    return concepts


class IndexCache:
    """Project indexes by the fingerprint of their texts, the least recently used dropped
    first. One per app (workshop/live.py), never a module global."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self.size = size
        self._indexes: OrderedDict[str, Index] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(texts: Sequence[str]) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for text in texts:
            digest.update(text.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, texts: Sequence[str]) -> Index:
        key = self.key(texts)
        with self._lock:
            if key in self._indexes:
                self._indexes.move_to_end(key)
                return self._indexes[key]
        index = Index(texts)
        with self._lock:
            self._indexes[key] = index
            while len(self._indexes) > self.size:
                self._indexes.popitem(last=False)
        return index

    def __contains__(self, texts: Sequence[str]) -> bool:
        with self._lock:
            return self.key(texts) in self._indexes


def project_index(texts: Sequence[str], cache: IndexCache | None = None) -> Index:
    """Return the index of these project texts: from `cache` when given, else learnt now."""
    return Index(texts) if cache is None else cache.get(texts)


def related(
    draft: str,
    projects: Sequence[tuple[int, str]],
    other_drafts: Sequence[tuple[int, str]] = (),
    threshold: float = THRESHOLD,
    limit: int = 5,
    index: Index | None = None,
    cache: IndexCache | None = None,
) -> list[Match]:
    """Return the projects and other drafts resembling `draft` at least `threshold`,
    best first, at most `limit` of each kind. `index`, when given, is a space learnt from
    exactly these projects first (then maybe drafts): it is used instead of learning one;
    `cache` keeps the projects' index between calls."""
    if not draft.strip() or not (projects or other_drafts):
        return []
    project_texts = [text for _, text in projects]
    draft_texts = [text for _, text in other_drafts]
    try:
        if index is not None:
            pass
        elif len(project_texts) >= MIN_BACKGROUND:
            index = project_index(project_texts, cache)
        else:  # too few projects to learn weights from: learn from everything at hand
            index = Index([*project_texts, *draft_texts, draft])
    except ValueError:  # no n-gram at all (texts of one letter): nothing can match
        return []
    matches: list[Match] = []
    query = index.vectors([draft])
    if projects:
        # The index's rows are exactly the projects when it was learnt from them alone.
        scores = index.scores(index.projects(len(project_texts)), query)
        matches += best("project", projects, scores, threshold, limit)
    if other_drafts:
        scores = index.scores(index.vectors(draft_texts), query)
        matches += best("idea", other_drafts, scores, threshold, limit)
    return sorted(matches, key=lambda m: -m.score)


def best(kind, items, scores, threshold: float, limit: int) -> list[Match]:
    """Return the `limit` best items scoring at least `threshold`."""
    found = [
        Match(kind, item_id, round(float(score), 4))
        for (item_id, _), score in zip(items, scores, strict=True)
        if score >= threshold
    ]
    return sorted(found, key=lambda m: -m.score)[:limit]


def similarity(a: str, b: str, background: Sequence[str], cache: IndexCache | None = None) -> float:
    """Return the similarity of two texts with weights learnt from `background`."""
    index = project_index(list(background), cache)
    vectors = index.vectorizer.transform([a, b])
    return float((vectors[0] @ vectors[1].T).toarray()[0][0])
