import datetime as dt, sys, bisect
from pathlib import Path
from lotse import content, search
from lotse.search import language
d = content.load_or_raise(Path('.'), today=dt.date(2026, 11, 24))
index = search.build(d)
for w in sys.argv[1:]:
    f = language.fold_word(w)[0]
    print(w, f, "sim", [(index._vocab[t], dist) for t, dist in index._similar(f)], "bases", [language.base_forms(w, c) for c in ("de",)], "heard", [index._vocab[t] for t in index._heard(w)])
