import datetime as dt, sys
from pathlib import Path
from lotse import content, search
from lotse.search import evaluation
d = content.load_or_raise(Path('.'), today=dt.date(2026, 11, 24))
index = search.build(d)
out = evaluation.run(index, evaluation.load(Path('tests/data/search_eval.yaml')))
print(evaluation.table(out))
if len(sys.argv) > 1:
    for o in out:
        if not o.ok:
            print(f"{o.case.lang} {o.case.query!r:45} total={o.total:3} found={list(o.found[:3])} want={sorted(o.case.relevant)[:3]}")
