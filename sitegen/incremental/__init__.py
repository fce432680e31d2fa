"""The incremental engine: what each page read, and whether it is still what it read."""
