"""Reading and checking content: files with their line numbers -> the typed model."""
