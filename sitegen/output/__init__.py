"""Writing the output folder atomically, and knowing when nothing needs writing."""
