"""From the model to pages: backlinks, the page list, URLs, rendering, published files."""
