"""The control panel in the browser, served by ``zoomclone live`` on 127.0.0.1.

``preview`` (the live preview, made only while a page watches), ``gallery`` (thumbnails),
``uploads`` (the user's own backgrounds), ``status``, ``guard`` (host, origin and token checks),
``server`` (the Starlette app) and ``runner`` (uvicorn on its own thread). The page itself is in
``static/``: plain HTML, CSS and JavaScript, nothing fetched from elsewhere.
"""
