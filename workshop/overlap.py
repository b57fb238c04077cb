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

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

# Pairs scoring at least this are "overlapping" (measured in docs/overlap.md).
THRESHOLD = 0.34
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
    Draft vectors are cached by text: during a workshop most drafts stand still."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer = new_vectorizer()
        self.matrix = self.vectorizer.fit_transform(texts) if texts else None
        self._vectors: OrderedDict[str, object] = OrderedDict()

    def vectors(self, texts: Sequence[str]):
        """Return the rows of `texts` (a sparse matrix), transforming only unseen texts."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, row in zip(missing, self.vectorizer.transform(missing), strict=True):
                self._vectors[text] = row
            while len(self._vectors) > _VECTOR_CACHE_SIZE:
                self._vectors.popitem(last=False)
        return sp.vstack([self._vectors[t] for t in texts], format="csr")


_cache: OrderedDict[str, Index] = OrderedDict()
_lock = threading.Lock()


def project_index(texts: Sequence[str]) -> Index:
    """Return the index of these project texts, cached by their fingerprint."""
    digest = hashlib.blake2b(digest_size=16)
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    key = digest.hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    index = Index(texts)
    with _lock:
        _cache[key] = index
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def related(
    draft: str,
    projects: Sequence[tuple[int, str]],
    other_drafts: Sequence[tuple[int, str]] = (),
    threshold: float = THRESHOLD,
    limit: int = 5,
) -> list[Match]:
    """Return the projects and other drafts resembling `draft` at least `threshold`,
    best first, at most `limit` of each kind."""
    if not draft.strip() or not (projects or other_drafts):
        return []
    project_texts = [text for _, text in projects]
    draft_texts = [text for _, text in other_drafts]
    try:
        if len(project_texts) >= MIN_BACKGROUND:
            index = project_index(project_texts)
        else:  # too few projects to learn weights from: learn from everything at hand
            index = Index([*project_texts, *draft_texts, draft])
    except ValueError:  # no n-gram at all (texts of one letter): nothing can match
        return []
    matches: list[Match] = []
    query = index.vectorizer.transform([draft]).T.tocsc()
    if projects:
        # The index's rows are exactly the projects when it was learnt from them alone.
        against = index.matrix[: len(project_texts)]
        scores = (against @ query).toarray().ravel()
        matches += best("project", projects, scores, threshold, limit)
    if other_drafts:
        scores = (index.vectors(draft_texts) @ query).toarray().ravel()
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


def similarity(a: str, b: str, background: Sequence[str]) -> float:
    """Return the similarity of two texts with weights learnt from `background`."""
    index = project_index(list(background))
    vectors = index.vectorizer.transform([a, b])
    return float((vectors[0] @ vectors[1].T).toarray()[0][0])
