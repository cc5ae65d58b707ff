import datetime as dt, sys
from pathlib import Path
sys.path.insert(0, "tests")
from conftest import write_content
import test_search as T
import tempfile
from lotse import content, search
root = write_content(Path(tempfile.mkdtemp()) / "site", T.SERVICES, **{"content/guides/recognition-guide.yaml": T.GUIDE}, **T.PAGES)
index = search.build(content.load_or_raise(root, today=dt.date(2026, 11, 24)))
q = sys.argv[1]
for u in index._units(q, "de"):
    m = index._unit(u, "de", index._languages.get("de"))
    print([(index._docs[i].id, round(float(m.score[i]), 2), round(float(m.quality[i]), 2)) for i in m.score.argsort()[::-1][:5]], m.topic)
