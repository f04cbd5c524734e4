"""The setup traps users hit, each a check with its exact fix, on the doctor's ``Machine``:

    secure_boot.py     Secure Boot on and v4l2loopback unsigned or its key not enrolled
    busy_camera.py     another process holds the webcam (named from /proc/*/fd)
    sandboxes.py       Flatpak or Snap browsers and call apps that cannot see /dev/video*
    macos_obs.py       macOS 13+: the OBS and pyvirtualcam versions that work together
    wheels.py          the Python and the installed wheels (LiteRT, OpenCV, numpy) fit this machine
    runtimes.py        the model runtimes (LiteRT, MediaPipe): installed, versions, default, configured

``zoomclone.doctor.checklist`` decides which of them run.
"""
