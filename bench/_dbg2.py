import datetime as dt, sys, bisect
from pathlib import Path
from lotse import content, search
d = content.load_or_raise(Path('.'), today=dt.date(2026, 11, 24))
index = search.build(d)
for w in sys.argv[1:]:
    print(w, index._compound(w))
    for p in ["frau", "frauen", "praktikum"]:
        lo = bisect.bisect_left(index._vocab, p); print(p, index._vocab[lo], index._german[lo])
