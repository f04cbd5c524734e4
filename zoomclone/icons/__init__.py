"""The app icon, drawn for zoomclone: ``zoomclone.svg`` and a 256 px ``zoomclone.png`` from it."""
