"""Writing new projects and new pieces of content: `sitegen init` and `sitegen new`."""
