"""One module per CLI command: they wire the engine's parts together and report progress."""
