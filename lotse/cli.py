"""Command line for editors and CI: `python -m lotse check|coverage|schema`.

Each command works on a content folder (default: the current directory) and
prints problems as `file:line:column: severity: message`, one per line, then
a one-line summary. Exit status 0 means no errors, 1 means errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from lotse import content
from lotse.coverage import coverage_of, table
from lotse.problems import summary


def _check(args: argparse.Namespace) -> int:
    result = content.load(Path(args.root), cache=Path(args.cache) if args.cache else None)
    shown = result.errors if args.errors_only else result.problems
    for problem in shown:
        print(problem)
    print(f"{len(result.files)} files checked: {summary(result.problems)}")
    return 0 if result.ok else 1


def _loaded(root: str, refusal: str = "content has errors") -> content.LoadResult | None:
    """The content under `root`, or None after printing its errors to stderr."""
    result = content.load(Path(root))
    if result.directory is not None:
        return result
    for problem in result.errors:
        print(problem, file=sys.stderr)
    print(f"{refusal}: {summary(result.problems)}", file=sys.stderr)
    return None


def _coverage(args: argparse.Namespace) -> int:
    from lotse import termbase

    result = _loaded(args.root)
    cov = coverage_of(result) if result else None
    if cov is None or result is None:
        return 1
    print(table(cov))
    terms = termbase.conformance(result.root, result.files)
    if terms is not None:
        print()
        print(termbase.table(terms, cov.languages))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from lotse.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def _vendor(args: argparse.Namespace) -> int:
    from lotse.vendor import install

    for path in install(Path(args.target)):
        print(path)
    return 0


def _messages(args: argparse.Namespace) -> int:
    from lotse import catalogs

    result = content.load(Path(args.root))
    languages = list(result.directory.site.languages) if result.directory else []
    if args.update:
        for path in catalogs.update(languages):
            print(path)
        return 0
    findings = catalogs.check(languages)
    for finding in findings:
        print(finding)
    print(f"{len(languages)} languages checked: {len(findings)} problem{'s' * (len(findings) != 1)}")
    return 1 if findings else 0


def _translations(args: argparse.Namespace) -> int:
    import json

    from lotse import translations

    root = Path(args.root)
    if args.action == "export":
        rows = translations.export(root, args.lang)
        if args.missing:
            rows = [r for r in rows if not r.get(args.lang)]
        Path(args.file).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{len(rows)} texts written to {args.file}")
    else:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
        added = translations.apply(root, args.lang, data)
        print(f"{added} {args.lang} texts added")
    return 0


def _export(args: argparse.Namespace) -> int:
    from lotse import export

    result = _loaded(args.root, "content has errors, nothing exported")
    if result is None or result.directory is None:
        return 1
    site = result.directory.site
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"--out {out} is a file; name a folder to write the export into (created if missing)", file=sys.stderr)
        return 1
    if args.format == "hsds":
        if args.lang and args.lang != site.default_language:
            print(f"--lang applies to --format csv only: HSDS records are in the default language "
                  f"'{site.default_language}'", file=sys.stderr)
            return 1
        written = export.write_hsds(result.directory, out)
    else:
        lang = args.lang or site.default_language
        if lang not in site.languages:
            print(f"unknown language '{lang}'; use one of {', '.join(site.languages)}", file=sys.stderr)
            return 1
        written = [export.write_csv(result.directory, out / f"offers.{lang}.csv", lang)]
    for path in written:
        print(path)
    return 0


def _search(args: argparse.Namespace) -> int:
    import json

    from lotse import search
    from lotse.i18n import resolve

    result = _loaded(args.root)
    if result is None or result.directory is None:
        return 1
    directory = result.directory
    site = directory.site
    lang = args.lang or site.default_language
    if args.category and directory.category(args.category) is None:
        known = ", ".join(c.id for c in directory.categories)
        print(f"unknown category '{args.category}'; use one of {known}", file=sys.stderr)
        return 1
    index = search.build(directory)
    found = index.search(args.query, lang, search.Filters(category=args.category), limit=args.limit)
    rows = [
        {"id": hit.id, "kind": hit.kind.value, "score": round(hit.score, 3),
         "title": resolve(hit.title, lang, site.fallback, site.default_language).text}
        for hit in found.hits
    ]
    if args.json:
        print(json.dumps({"query": args.query, "lang": lang, "total": found.total, "results": rows},
                         ensure_ascii=False, indent=2))
        return 0
    for rank, row in enumerate(rows, start=1):
        print(f"{rank:>3}  {row['kind']:<6}  {row['id']}  {row['title']}")
    shown = f"{len(rows)} of {found.total}" if found.total > len(rows) else f"{found.total}"
    print(f"{shown} result{'s' * (found.total != 1)}")
    return 0


def _compile(args: argparse.Namespace) -> int:
    from lotse import store

    root = Path(args.root)
    store.hold_freed_memory()  # this process exits once the version is published
    version, folder = store.compile_into(root, Path(args.state) if args.state else None)
    print(f"{len(version.result.files)} files compiled: {summary(version.result.problems)}; published in {folder}")
    return 0 if version.result.ok else 1


def _demo_data(args: argparse.Namespace) -> int:
    from lotse import demo

    try:
        written = demo.write(Path(args.out), args.offices, args.offers, seed=args.seed)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{len(written)} files written to {args.out}: {args.offices} offices, {args.offers} offers, "
          f"{len(demo.LANGUAGES)} languages")
    return 0


def _prod(args: argparse.Namespace) -> int:
    from lotse import prod

    if args.print_config:
        ports = [int(p) for p in args.replica_ports.split(",") if p.strip()] if args.replica_ports else []
        if not ports:
            print("--print-config needs --replica-ports, e.g. 8501,8502", file=sys.stderr)
            return 2
        upstreams = [prod.Upstream(str(n), f"127.0.0.1:{port}") for n, port in enumerate(ports, 1)]
        listen = f"{args.host}:{args.port}" if args.host else str(args.port)
        print(prod.render(upstreams, listen, standalone=False, server_name=args.server_name, secure=args.secure),
              end="")
        return 0
    return prod.main(args.port, args.replicas, host=args.host, content=Path(args.content) if args.content else None,
                     status_file=Path(args.status_file) if args.status_file else None, restart=not args.no_restart)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lotse", description="Lotse content tools")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content; exit 1 on errors")
    check.add_argument("root", nargs="?", default=".", help="folder with services.yaml (default: .)")
    check.add_argument("--errors-only", action="store_true", help="do not print warnings")
    check.add_argument("--cache", metavar="DIR",
                       help="keep each file's result in this private folder; unchanged files are not read again")
    check.set_defaults(func=_check)
    cov = sub.add_parser("coverage", help="translation coverage per language and section")
    cov.add_argument("root", nargs="?", default=".")
    cov.set_defaults(func=_coverage)
    schema = sub.add_parser("schema", help="write the JSON Schemas for editors")
    schema.add_argument("--out", default="schema")
    schema.set_defaults(func=_schema)
    vendor = sub.add_parser("vendor", help="copy Leaflet and friends from their PyPI packages to static/vendor")
    vendor.add_argument("target", nargs="?", default="static/vendor")
    vendor.set_defaults(func=_vendor)
    messages = sub.add_parser("messages", help="check (default) or --update the user-interface catalogs")
    messages.add_argument("--update", action="store_true", help="re-extract the template and merge it into catalogs")
    messages.add_argument("root", nargs="?", default=".")
    messages.set_defaults(func=_messages)
    tr = sub.add_parser("translations", help="export texts for translators, or import their translations")
    tr.add_argument("action", choices=["export", "import"])
    tr.add_argument("--lang", required=True)
    tr.add_argument("file", help="JSON file: a list of {key, de, en, terms} to export, or {key: text} to import")
    tr.add_argument("--missing", action="store_true", help="export only texts missing in --lang")
    tr.add_argument("--root", default=".")
    tr.set_defaults(func=_translations)
    ex = sub.add_parser("export", help="write Open Referral HSDS 3 JSON, or a CSV table of offers and offices")
    ex.add_argument("--format", required=True, choices=["hsds", "csv"])
    ex.add_argument("--out", required=True, help="folder to write to; created if missing")
    ex.add_argument("--lang", help="language of the CSV texts (default: the site's default language)")
    ex.add_argument("--root", default=".", help="folder with services.yaml (default: .)")
    ex.set_defaults(func=_export)
    se = sub.add_parser("search", help="search offers, offices and guides as the portal does")
    se.add_argument("query", help="what to look for, in any language; empty lists everything")
    se.add_argument("--lang", help="the visitor's language (default: the site's default language)")
    se.add_argument("--category", help="only this category id")
    se.add_argument("--limit", type=int, default=20, help="how many results to print (default: 20)")
    se.add_argument("--json", action="store_true", help="print JSON instead of a table")
    se.add_argument("--root", default=".", help="folder with services.yaml (default: .)")
    se.set_defaults(func=_search)
    comp = sub.add_parser("compile", help="load, validate and index the content and publish it for the portal")
    comp.add_argument("root", nargs="?", default=".", help="folder with services.yaml (default: .)")
    comp.add_argument("--state", help="state folder to publish into (default: the one the portal reads for ROOT)")
    comp.set_defaults(func=_compile)
    pr = sub.add_parser("prod", help="run several portal processes behind nginx (what `make prod` runs)")
    pr.add_argument("--port", type=int, default=8080, help="nginx listens here (default: 8080)")
    pr.add_argument("--replicas", type=int, default=2, help="how many portal processes (default: 2)")
    pr.add_argument("--host", default="", help="address nginx listens on (default: all)")
    pr.add_argument("--content", help="content folder to serve (default: LOTSE_CONTENT, else the shipped content)")
    pr.add_argument("--status-file", help="keep a JSON status of nginx and the replicas in this file")
    pr.add_argument("--no-restart", action="store_true", help="do not restart a replica whose process died")
    pr.add_argument("--print-config", action="store_true",
                    help="print the nginx site configuration for a system nginx (with --replica-ports) and exit")
    pr.add_argument("--replica-ports", help="with --print-config: the replicas' loopback ports, e.g. 8501,8502")
    pr.add_argument("--server-name", default="", help="with --print-config: nginx server_name")
    pr.add_argument("--secure", action="store_true", help="with --print-config: the route cookie only over HTTPS")
    pr.set_defaults(func=_prod)
    demo = sub.add_parser("demo-data", help="write a generated content folder for benchmarks and demos")
    demo.add_argument("--offices", type=int, default=200, help="how many offices (default: 200)")
    demo.add_argument("--offers", type=int, default=500, help="how many offers (default: 500)")
    demo.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
    demo.add_argument("out", help="new or empty folder to write to")
    demo.set_defaults(func=_demo_data)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))
