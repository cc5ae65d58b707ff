"""Third-party browser files, copied from PyPI packages into the portal's static folder.

Leaflet, Leaflet.markercluster and jQuery come from the XStatic packages that
the set-up installs; they are copied (never committed) to `static/vendor/`,
which Streamlit serves at `/app/static/vendor/`, so the map loads no script or
style from any other host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.jquery as jquery
import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster

PACKAGES = {"leaflet": leaflet, "markercluster": markercluster, "jquery": jquery}
URL_PREFIX = "/app/static/vendor"


def install(target: Path) -> list[Path]:
    """Copy the packages' files to `target/<name>/`; returns the folders written."""
    written = []
    for name, package in PACKAGES.items():
        dest = target / name
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(package.BASE_DIR, dest, ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
        written.append(dest)
    return written
