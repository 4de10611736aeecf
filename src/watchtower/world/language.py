"""The languages spoken to the Translator: "Formal Alien" and "Slang Alien".

Everything here is fixed (it does not depend on a seed): the words, the intents
they signal and the Translator's lexicon. The random part (who says what, when)
lives in :mod:`watchtower.world.translator`.

A message is a short space-separated string of made-up words. Its *intent* is
one of :data:`INTENTS`; each intent has its own keywords, and every message also
carries grammatical particles, honorifics (the more formal the speaker, the more
honorifics) and now and then a proper name. Slang speakers clip keywords
(``"lygaaqo"`` becomes ``"lygz"``), swap particles for fillers, drop honorifics
and talk in shorter sentences. The Translator's lexicon holds the Formal Alien
words only, so clipped keywords, fillers and names are out of vocabulary.

Examples
--------
>>> INTENTS
('greeting', 'trade', 'distress', 'request')
>>> CONCEPT_WORD in KEYWORDS["greeting"], CONCEPT_WORD in SLANG_OF.values()
(True, True)
>>> len(LEXICON), len(set(LEXICON))
(76, 76)
>>> is_oov("koruna"), SLANG_OF["lygaaqo"], is_oov("lygz")
(False, 'lygz', True)
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "INTENTS",
    "KEYWORDS",
    "PARTICLES",
    "HONORIFICS",
    "FILLERS",
    "NAMES",
    "SLANG_OF",
    "CONCEPT_WORD",
    "LEXICON",
    "TOKENS",
    "is_oov",
]

#: The intents the Translator tells apart, in a fixed order.
INTENTS: tuple[str, ...] = ("greeting", "trade", "distress", "request")

#: The word whose meaning changes on 10 Sep 2043: a toast ("to your health!"),
#: then the name of a plague. Like "corona": beer, then virus.
CONCEPT_WORD = "koruna"

#: Grammatical particles of Formal Alien (no intent).
PARTICLES: tuple[str, ...] = (
    "ka", "vo", "ti", "nu", "ra", "sha", "do", "mi", "el", "un",
    "ze", "ko", "ar", "is", "lo", "ve", "qu", "ny", "ot", "ba",
)  # fmt: skip

#: Honorifics: formal speakers sprinkle them, slang speakers drop them.
HONORIFICS: tuple[str, ...] = (
    "velaan", "thorim", "sarvek", "omrith", "kaelun", "dravos", "ilthen", "morvaan",
)  # fmt: skip

#: Slang fillers that replace particles (never in the lexicon).
FILLERS: tuple[str, ...] = (
    "brrk", "zzt", "hmk", "vrr", "skee", "plik", "glub", "wubz", "zikk", "frt",
)  # fmt: skip

_N_KEYWORDS = 12
_N_NAMES = 120


def _made_up_words(count: int, taken: set[str]) -> list[str]:
    """Pronounceable alien words from syllables, fixed for all seeds."""
    rng = np.random.default_rng(7)
    onsets = ["k", "z", "v", "th", "r", "m", "n", "sh", "g", "d", "l", "x", "q", "t", "b"]
    vowels = ["a", "o", "u", "e", "i", "aa", "y"]
    codas = ["", "", "n", "r", "k", "s", "th"]
    words: list[str] = []
    while len(words) < count:
        syllables = int(rng.choice([2, 3], p=[0.6, 0.4]))
        word = "".join(str(rng.choice(onsets)) + str(rng.choice(vowels)) for _ in range(syllables))
        word += str(rng.choice(codas))
        if 4 <= len(word) <= 9 and word not in taken:
            taken.add(word)
            words.append(word)
    return words


def _clip(word: str, taken: set[str]) -> str:
    """The slang form of a keyword: its first letters and a buzzing ending."""
    for stem in (word[:3], word[:2], word[:4]):
        for end in ("z", "x", "zz", "k", "xx"):
            slang = stem + end
            if slang not in taken:
                taken.add(slang)
                return slang
    raise RuntimeError(f"no free slang form for {word!r}")  # pragma: no cover


def _build() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], dict[str, str]]:
    taken = set(PARTICLES) | set(HONORIFICS) | set(FILLERS) | {CONCEPT_WORD}
    fresh = _made_up_words(len(INTENTS) * _N_KEYWORDS - 1 + _N_NAMES, taken)
    keyword_list = [CONCEPT_WORD] + fresh[: len(INTENTS) * _N_KEYWORDS - 1]
    names = tuple(w.capitalize() for w in fresh[len(keyword_list) - 1 :])
    taken |= set(names)
    keywords = {
        intent: tuple(keyword_list[i * _N_KEYWORDS : (i + 1) * _N_KEYWORDS])
        for i, intent in enumerate(INTENTS)
    }
    # Slang keeps the concept word as it is (everybody says it), clips the rest.
    slang_of = {w: (w if w == CONCEPT_WORD else _clip(w, taken)) for w in keyword_list}
    return keywords, names, slang_of


_KEYWORDS, NAMES, SLANG_OF = _build()

#: Keywords of each intent, most frequent first (the first greeting keyword is
#: :data:`CONCEPT_WORD`).
KEYWORDS: dict[str, tuple[str, ...]] = _KEYWORDS

#: The Translator's vocabulary: every Formal Alien word (keywords, particles,
#: honorifics), in the column order of the model's bag of words. Names, slang
#: keywords and fillers are out of vocabulary.
LEXICON: tuple[str, ...] = (
    tuple(w for intent in INTENTS for w in KEYWORDS[intent]) + PARTICLES + HONORIFICS
)

#: Every token that can appear in a message; ids index this tuple. The lexicon
#: comes first, so a token id is out of vocabulary exactly when it is
#: ``>= len(LEXICON)``.
TOKENS: tuple[str, ...] = (
    LEXICON
    + tuple(SLANG_OF[w] for intent in INTENTS for w in KEYWORDS[intent] if w != CONCEPT_WORD)
    + FILLERS
    + NAMES
)

_LEXICON_SET = frozenset(LEXICON)


def is_oov(token: str) -> bool:
    """Whether a token is outside the Translator's lexicon."""
    return token not in _LEXICON_SET
