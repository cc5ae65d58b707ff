import datetime as dt, sys
from pathlib import Path
from lotse import content, search
d = content.load_or_raise(Path('.'), today=dt.date(2026, 11, 24))
index = search.build(d)
q, lang = sys.argv[1], sys.argv[2]
units = index._units(q, lang)
for u in units:
    print("UNIT", u.optional, [([w.folded for w in ws], sh) for ws, sh in u.alternatives])
    f = index._unit(u, lang, index._languages.get(lang, -1))
    if f is None: print("  nothing"); continue
    s, qq = f
    top = s.argsort()[::-1][:8]
    print("  ", [(index._docs[i].id, round(float(s[i]),2), round(float(qq[i]),2)) for i in top if s[i] > 0])
r = index.search(q, lang)
print(r.total, [(h.id, h.score) for h in r.hits[:6]])
