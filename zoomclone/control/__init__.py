"""How a person steers a running zoomclone: the commands (``commands``), the control socket and
``zoomclone ctl`` (``server``, ``client``, ``runtime_folder``), the keys in the terminal and the
optional global hotkeys."""
