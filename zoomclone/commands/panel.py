"""``zoomclone panel``: open the running zoomclone's control panel in the default browser."""

from __future__ import annotations

import webbrowser

from zoomclone.panel.runner import read_info


def run_panel(open_browser: bool = True) -> int:
    """Print the panel's address and open it; ``PanelError`` when no panel is running."""
    url = str(read_info()["url"])
    print(f"zoomclone: panel {url}")
    if open_browser and not webbrowser.open(url):
        print("zoomclone: no browser found here: open the address above in one")
    return 0
