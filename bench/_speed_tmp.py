import datetime as dt, importlib.util, sys, tempfile, time, statistics
from pathlib import Path
from lotse import content, demo, search
from bench.bench_search import QUERIES, NOW, percentile
spec = importlib.util.spec_from_file_location("oldsearch", "/tmp/oldsearch.py")
old = importlib.util.module_from_spec(spec); sys.modules["oldsearch"] = old; spec.loader.exec_module(old)
with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp) / "demo"
    demo.write(root, 2000, 5000, today=NOW.date())
    directory = content.load_or_raise(root, today=NOW.date())
    for name, mod, clear in (("old", old, lambda: old._fold_word.cache_clear()), ("new", search, lambda: search.language.fold_word.cache_clear())):
        builds = []
        for _ in range(3):
            clear(); t = time.perf_counter(); idx = mod.build(directory); builds.append(time.perf_counter() - t)
        for q, lang, f in QUERIES:
            idx.search(q, lang, f, now=NOW, limit=20)
        times = []
        for _ in range(5):
            for q, lang, f in QUERIES:
                t = time.perf_counter(); idx.search(q, lang, f, now=NOW, limit=20); times.append((time.perf_counter() - t) * 1000)
        print(name, "build median %.3f s" % statistics.median(builds), "p50 %.2f ms p95 %.2f ms max %.2f ms" % (percentile(times, .5), percentile(times, .95), max(times)))
