"""`sitegen check`: the rules beyond the build's own errors."""
