"""The commands the doctor (and the errors that point to it) tell the user to run."""

from __future__ import annotations

LOOPBACK_OPTIONS = 'devices=1 video_nr=10 card_label="zoomclone" exclusive_caps=1'
INSTALL_LOOPBACK = "sudo apt install v4l2loopback-dkms"
LOAD_LOOPBACK = f"sudo modprobe v4l2loopback {LOOPBACK_OPTIONS}"
UNLOAD_LOOPBACK = "sudo modprobe -r v4l2loopback   # close every app using the device first"
PERSIST_LOOPBACK = (
    "to load it at every boot:",
    "  echo v4l2loopback | sudo tee /etc/modules-load.d/v4l2loopback.conf",
    f"  echo 'options v4l2loopback {LOOPBACK_OPTIONS}' | sudo tee /etc/modprobe.d/v4l2loopback.conf",
)
VIDEO_GROUP_FIX = (
    "sudo usermod -aG video $USER",
    "then log out and back in (or run: newgrp video)",
)
OBS_FIX = (
    "install OBS Studio 26 or newer: https://obsproject.com",
    "start OBS once, click 'Start Virtual Camera', then 'Stop Virtual Camera' and close OBS",
)
