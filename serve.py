"""Lotse as one ASGI app: the interactive Streamlit portal (app.py) plus the light pages, sitemap and health.

`streamlit run serve.py` (what `make run` does) or `uvicorn serve:app` start it.
"""

import streamlit as st

import web

app = st.App("app.py", routes=web.routes(), middleware=web.middleware())
