import datetime as dt, importlib.util, sys
from pathlib import Path
from lotse import content
from lotse.search import evaluation
spec = importlib.util.spec_from_file_location("oldsearch", "/tmp/oldsearch.py")
old = importlib.util.module_from_spec(spec); sys.modules["oldsearch"] = old; spec.loader.exec_module(old)
d = content.load_or_raise(Path('.'), today=dt.date(2026, 11, 24))
index = old.build(d)
out = evaluation.run(index, evaluation.load(Path('tests/data/search_eval.yaml')))
print(evaluation.table(out))
