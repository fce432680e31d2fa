"""`sitegen serve`: incremental rebuilds, live reload, the error overlay."""
